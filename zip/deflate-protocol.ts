// Messages between ZipStream and deflate.worker.ts. Both sides send arrays: thousands of small
// entries (BIDS sidecars, per-screen physio files) would otherwise cost a message each way apiece.

/** One chunk of an entry's text (UTF-8); the worker starts an entry on an id's first chunk. */
export interface DeflateRequest {
  id: number;
  data: Uint8Array;
  final: boolean;
  gzip: boolean;
  level: 1 | 6;
  /** A long streamed entry: compressed bytes come back with every reply rather than once at the end. */
  stream?: boolean;
}

/**
 * Sent for every request: `consumed` input bytes; on the final chunk also the compressed entry
 * and the CRC-32 and size of its uncompressed bytes (computed in the worker, off the main thread).
 */
export interface DeflateReply {
  id: number;
  consumed: number;
  data?: Uint8Array;
  crc?: number;
  size?: number;
  /** The entry's last reply (streamed entries). */
  final?: boolean;
  error?: string;
}
