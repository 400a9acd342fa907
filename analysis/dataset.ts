// The analysis library's input: sessions recorded here (from IndexedDB), imported from our own
// exports, or imported from the original RecGaze public files (which have no raw gaze, only
// AOI-labelled fixation / click / cursor rows). Plain data only.
import type { GazeSourceKind, RecordedEvent, TaskType } from '../core/events.ts';
import type { FixationSettings } from '../core/study-config/schema.ts';
import type { ScreenColumns } from '../core/screen-columns.ts';

/** A fixation already labelled with an AOI (from the original dataset, or computed and stored). */
export interface LabelledFixation {
  /** Onset, ms from screen start. */
  t: number;
  durationMs: number;
  /** Stimulus-space position (original 3-page canvas) when known. */
  x?: number;
  y?: number;
  aoi: AoiLabel;
  /** AOI by the closest-within-radius rule. */
  aoiClosest: AoiLabel;
}

export type AoiType = 'Movie' | 'Genre' | 'Forward' | 'Backward' | 'Background';

export interface AoiLabel {
  type: AoiType;
  /** Row 1..N (Carousel_position); absent for Background. */
  row?: number;
  /** Position in the row's list 1..itemsPerRow (Movie_position_in_carousel). */
  position?: number;
  /** Visible column 1..visibleCount. */
  column?: number;
  page?: number;
  movieId?: number;
  genre?: string;
}

export interface ScreenRows {
  /** Row genres/labels top to bottom. */
  genres: string[];
  /** Catalogue ids per row in list order. */
  items: number[][];
}

export interface AnalysisScreen {
  taskId: number;
  task: TaskType;
  rows?: ScreenRows;
  /** The recording as typed columns (sessions recorded by the app or imported from our exports). */
  columns?: ScreenColumns;
  /** The recording as raw events (datasets written as JSON); made into columns when analysed. */
  events?: RecordedEvent[];
  /** Pre-labelled fixations (original dataset imports). */
  fixations?: LabelledFixation[];
  /** Final selection, if any. */
  selection?: { row: number; position: number; movieId: number; t: number } | null;
  /** Cursor visits (original dataset imports): AOI and duration in seconds. */
  cursorVisits?: { t: number; durationS: number; aoi: AoiLabel }[];
  clicks?: { t: number; aoi: AoiLabel }[];
}

export interface AnalysisSession {
  id: string;
  participantId: string;
  studyId: string;
  gazeSource: GazeSourceKind | 'lab-tracker';
  origin: 'recorded' | 'imported-export' | 'imported-recgaze';
  firstTask?: 'Free_browsing' | 'Semi_free_direct_search';
  /** Mean validation error in px, when known (drives I-DT dispersion default). */
  validationAccuracyPx?: number;
  /** Pixels per degree of visual angle, when screen size and distance are known. */
  pxPerDeg?: number;
  /** The study's fixation settings (recorded sessions, our exports): the derivation uses them. */
  fixation?: FixationSettings;
  layout: { itemsPerRow: number; visibleCount: number; pageStep: number };
  screens: AnalysisScreen[];
  /** Pre-survey genre preferences, for the *_is_top_genre / preferred / rating columns. */
  genrePrefs?: { top?: string; preferred: string[]; ratings: Record<string, number> };
}

export interface AnalysisDataset {
  sessions: AnalysisSession[];
}
