// Every bound the server enforces and the client respects when it builds requests. A RecGaze chunk
// (500 ms of 30 Hz gaze + cursor) is ~3 KB of JSON; a layout event with every AOI box ~20 KB. The
// limits sit far above real data so that a genuine chunk is never refused.

const KiB = 1024;
const MiB = 1024 * KiB;

export const LIMITS = {
  /** One chunk's events as JSON text (uncompressed). */
  chunkRawBytes: 4 * MiB,
  chunkEvents: 100_000,
  /** Chunks in one upload request. */
  batchChunks: 256,
  /** A chunk-batch request body as sent (header + compressed chunks). */
  batchBodyBytes: 8 * MiB,
  /** Sum of a batch's uncompressed chunks: bounds the server's memory per request. */
  batchRawBytes: 32 * MiB,
  /** Compressed chunk bytes one session may store in total (a RecGaze session is ~0.5 MB). */
  sessionStoredBytes: 256 * MiB,
  /** JSON request bodies (session create / update) as sent, and after gunzip. */
  jsonBodyBytes: 4 * MiB,
  jsonRawBytes: 8 * MiB,
  /** Nesting and string length inside free-form JSON (config snapshot, answers, calibration). */
  jsonDepth: 32,
  jsonStringLength: 100_000,
  /** AOI boxes in one layout event, entries of its per-row arrays. */
  layoutBoxes: 20_000,
  layoutRows: 1_000,
  /** |x|, |y|, box sizes and scroll offsets in CSS px. */
  coordinate: 10_000_000,
  /** Screen time (ms since the screen started) may be slightly negative: an event stamped just before. */
  timeMinMs: -10_000,
  /** A screen resumed after a reload continues its clock; a month is far beyond any study. */
  timeMaxMs: 31 * 24 * 3600 * 1000,
  /**
   * How far an event's t may fall behind the latest t before it (within a chunk and across the
   * chunks of a screen). Events come from several clocks — a mousemove carries its creation time,
   * which a blocked main thread delivers late; a resumed screen's clock is derived from Date.now() —
   * so small inversions are real. Larger ones mean a wrong seq or corrupt data.
   */
  timeSlackMs: 10_000,
  taskId: 1_000_000,
  seq: 2_000_000_000,
  idLength: 128,
  participantIdLength: 64,
} as const;

/** What the uploader aims for per request (well under the limits above). */
export const UPLOAD_TARGET = {
  chunks: 64,
  bodyBytes: 512 * KiB,
} as const;
