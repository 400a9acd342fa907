import { createHash } from 'node:crypto';
import { decodeBatch } from '../../core/protocol/batch-frame.ts';
import { checkChunkEvents } from '../../core/protocol/chunk-check.ts';
import { LIMITS } from '../../core/protocol/limits.ts';
import type { ChunkBatchResponse, ChunkHeader, ChunkOutcome } from '../../core/protocol/messages.ts';
import type { PreparedChunk } from '../store/chunks.ts';
import { gunzipBounded } from './body.ts';
import { refuse } from './errors.ts';

export interface ReadBatch {
  /** The request's chunk headers in request order. */
  headers: ChunkHeader[];
  blobs: Uint8Array[];
  /** Request index of each key's first copy, in request order. */
  unique: number[];
  /** For every chunk of the request, the position in `unique` of its key. */
  slot: number[];
}

/** The frame and its header (no chunk is opened yet); a key repeated with another hash is a conflict. */
export function readBatch(body: Buffer): ReadBatch {
  const decoded = decodeBatch(body);
  if (!decoded.ok) throw refuse(400, decoded.problem.field, decoded.problem.problem);
  const headers = decoded.header.chunks;
  const unique: number[] = [];
  const slot: number[] = [];
  const byKey = new Map<string, number>();
  headers.forEach((head, index) => {
    const k = `${head.taskId}:${head.seq}`;
    const earlier = byKey.get(k);
    if (earlier === undefined) {
      byKey.set(k, unique.length);
      slot.push(unique.length);
      unique.push(index);
    } else if (headers[unique[earlier]!]!.sha256 !== head.sha256) {
      throw refuse(409, `chunks[${index}]`, `repeats taskId ${head.taskId} seq ${head.seq} of this batch with different content`, {
        chunk: { taskId: head.taskId, seq: head.seq },
      });
    } else slot.push(earlier);
  });
  return { headers, blobs: decoded.blobs, unique, slot };
}

/**
 * Opens one chunk of the batch: gunzip (bounded), the hash it claims, JSON, every event and their
 * times. `budget.raw` counts the batch's decompressed bytes. Throws an ApiError naming the problem.
 */
export function prepareChunk(batch: ReadBatch, index: number, budget: { raw: number }): PreparedChunk {
  const head = batch.headers[index]!;
  const at = `chunks[${index}]`;
  const chunk = { taskId: head.taskId, seq: head.seq };
  const blob = batch.blobs[index]!;
  const gzip = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const text = gunzipBounded(gzip, LIMITS.chunkRawBytes, at);
  budget.raw += text.length;
  if (budget.raw > LIMITS.batchRawBytes)
    throw refuse(413, 'chunks', `hold more than ${LIMITS.batchRawBytes} bytes once decompressed; send fewer per request`);
  const sha256 = createHash('sha256').update(text).digest();
  if (sha256.toString('hex') !== head.sha256) {
    throw refuse(422, `${at}.sha256`, `does not match the chunk's content (its SHA-256 is ${sha256.toString('hex')})`, { chunk });
  }
  let events: unknown;
  try {
    events = JSON.parse(text.toString('utf8'));
  } catch (error) {
    throw refuse(422, `${at}.events`, `is not valid JSON (${(error as Error).message})`, { chunk });
  }
  const check = checkChunkEvents(events, `${at}.events`);
  if (!check.ok) throw refuse(422, check.problem.field, check.problem.problem, { chunk });
  return { index, taskId: head.taskId, seq: head.seq, sha256, gzip, rawBytes: text.length, span: check.span };
}

/** The response: a repeat inside the batch is a duplicate of its first copy. */
export function batchResults(batch: ReadBatch, uniqueOutcomes: readonly ChunkOutcome[]): ChunkBatchResponse {
  const seen = new Set<number>();
  const results = batch.slot.map((u, i) => {
    const outcome: ChunkOutcome = seen.has(u) ? 'duplicate' : uniqueOutcomes[u]!;
    seen.add(u);
    return { taskId: batch.headers[i]!.taskId, seq: batch.headers[i]!.seq, outcome };
  });
  return { results };
}
