import type { RecordedEvent } from '../../../analysis/types.ts';
import type { ScreenQuality } from '../../db/types.ts';

/** Data-quality figures of a finished screen (filled in once the analysis library provides them). */
export function screenQualityOf(events: RecordedEvent[]): ScreenQuality | null {
  void events;
  return null;
}
