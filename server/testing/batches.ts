import { encodeBatch } from '../../core/protocol/batch-frame.ts';
import { encodeChunk, type EncodedChunk } from '../../core/protocol/content.ts';
import { CHUNK_BATCH_CONTENT_TYPE } from '../../core/protocol/messages.ts';

export const cursor = (t: number, x = 10, y = 20) => ({ kind: 'cursor', t, x, y });

/** A chunk of `n` cursor events from t0, 10 ms apart. */
export function cursorRun(t0: number, n: number): { kind: string; t: number; x: number; y: number }[] {
  return Array.from({ length: n }, (_, i) => cursor(t0 + i * 10, i, i));
}

export async function encodeChunks(chunks: { taskId: number; seq: number; events: unknown[] }[]): Promise<EncodedChunk[]> {
  return Promise.all(chunks.map((c) => encodeChunk(c.taskId, c.seq, c.events)));
}

export function batchBody(encoded: EncodedChunk[]): Buffer {
  const frame = encodeBatch(
    { chunks: encoded.map((e) => e.header) },
    encoded.map((e) => e.gzip),
  );
  return Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
}

export const batchHeaders = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': CHUNK_BATCH_CONTENT_TYPE });
