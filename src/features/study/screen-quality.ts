import { computeScreenQuality } from '../../../analysis/metrics.ts';
import type { GazeEvent, RecordedEvent } from '../../../analysis/types.ts';
import type { ScreenQuality } from '../../db/types.ts';

/** Data-quality figures of a finished screen, from its stored gaze samples. */
export function screenQualityOf(events: RecordedEvent[]): ScreenQuality {
  return computeScreenQuality(events.filter((e): e is GazeEvent => e.kind === 'gaze'));
}
