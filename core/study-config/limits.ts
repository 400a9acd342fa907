// Bounds of a study config. A config is loaded by every participant's browser, drawn as a carousel
// and snapshotted into each session record, so every count and length has a limit far above real
// studies (RecGaze: 41 screens of 10 rows × 15 items, 6,150 catalogue items) and far below what
// makes a browser slow: 30 rows × 60 items is 1,800 tiles per screen, each layout snapshot at most
// ~1,900 boxes. A config over a limit is refused with a message naming the field and the limit.
export const CONFIG_LIMITS = {
  /** The config as JSON text, whole. */
  configJsonChars: 5_000_000,
  screens: 200,
  rowsPerScreen: 30,
  itemsPerRow: 60,
  visibleCount: 12,
  catalogueItems: 20_000,
  /** Highest item id and TMDB id. */
  itemId: 2_147_483_647,
  taskId: 100_000,
  yearMin: 1850,
  yearMax: 2100,
  /** Study id and site code. */
  idChars: 64,
  nameChars: 200,
  descriptionChars: 5_000,
  /** Row labels, genres, question ids, poster ids. */
  labelChars: 100,
  titleChars: 300,
  personChars: 200,
  /** Genres and cast of an item, options of a question, maximization items, speed reminders. */
  listEntries: 50,
  consentChars: 20_000,
  questionChars: 1_000,
  optionChars: 300,
  customQuestions: 100,
  /** Bounds of number questions' min and max. */
  answerNumber: 1_000_000_000,
  /** Pixel settings (validation radius and gate, drift threshold, AOI radius). */
  screenPx: 10_000,
  urlChars: 2_000,
} as const;
