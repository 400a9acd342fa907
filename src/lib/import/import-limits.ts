// Bounds of what the analysis view imports. Text beyond ~512 MB cannot even be a JavaScript string
// in Chromium or Node (V8's limit), so larger CSV files must be split (by participant); the other
// limits keep a tab within a few GB of memory.
const MB = 1_000_000;

export const IMPORT_LIMITS = {
  /** One chosen file (a zip or a CSV) as stored on disk. */
  fileBytes: 1_000 * MB,
  /** One text file (a CSV or a JSON file, or a zip entry) once uncompressed. */
  textBytes: 500 * MB,
  /** Everything an import holds uncompressed. */
  totalBytes: 1_500 * MB,
  zipEntries: 200_000,
} as const;

/** Ranges of the imported figures: beyond them a value is a broken file, not a measurement. */
export const VALUE_LIMITS = {
  /** Event and fixation times, ms from the screen start (a month; slightly negative is real). */
  timeMinMs: -10_000,
  timeMaxMs: 31 * 24 * 3600 * 1000,
  /** A fixation, a cursor visit: an hour at most. */
  durationMaxMs: 3600 * 1000,
  /** Coordinates and sizes, px. */
  coordinate: 10_000_000,
} as const;

export const megabytes = (bytes: number) => `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;
