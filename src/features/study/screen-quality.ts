import { computeScreenQuality } from '../../../analysis/metrics.ts';
import type { GazeEvent, RecordedEvent } from '../../../core/events.ts';
import type { ScreenQuality } from '../../../core/records.ts';

/** Data-quality figures of a finished screen, from its stored gaze samples. */
export function screenQualityOf(events: RecordedEvent[]): ScreenQuality {
  return computeScreenQuality(events.filter((e): e is GazeEvent => e.kind === 'gaze'));
}
