// Messages between ZipStream and deflate.worker.ts.

/** One chunk of a deferred entry's text (UTF-8); the worker starts a stream on an id's first chunk. */
export interface DeflateRequest {
  id: number;
  data: Uint8Array;
  final: boolean;
  gzip: boolean;
  level: 1 | 6;
  /** Gzip header time (epoch ms). */
  mtime: number;
}

/** Sent for every request: `consumed` input bytes; on the final chunk also the compressed entry. */
export interface DeflateReply {
  id: number;
  consumed: number;
  data?: Uint8Array;
  error?: string;
}
