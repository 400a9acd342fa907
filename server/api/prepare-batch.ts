import { createHash } from 'node:crypto';
import { decodeBatch } from '../../core/protocol/batch-frame.ts';
import { checkChunkEvents } from '../../core/protocol/chunk-check.ts';
import { LIMITS } from '../../core/protocol/limits.ts';
import type { ChunkBatchResponse, ChunkKey, ChunkOutcome } from '../../core/protocol/messages.ts';
import type { PreparedChunk } from '../store/chunks.ts';
import { gunzipBounded } from './body.ts';
import { refuse } from './errors.ts';

export interface PreparedBatch {
  /** The request's chunk keys in request order. */
  keys: ChunkKey[];
  /** Each key once, in request order. */
  unique: PreparedChunk[];
  /** For every chunk of the request, the index into `unique` of the chunk with its key. */
  slot: number[];
}

/**
 * Everything about a batch that needs no database: the frame, each chunk's gzip, hash, JSON and
 * events, and keys repeated inside the batch. Throws an ApiError naming the first problem.
 */
export function prepareBatch(body: Buffer): PreparedBatch {
  const decoded = decodeBatch(body);
  if (!decoded.ok) throw refuse(400, decoded.problem.field, decoded.problem.problem);
  const unique: PreparedChunk[] = [];
  const slot: number[] = [];
  const byKey = new Map<string, number>();
  let rawTotal = 0;
  decoded.header.chunks.forEach((head, index) => {
    const at = `chunks[${index}]`;
    const chunk = { taskId: head.taskId, seq: head.seq };
    const gzip = Buffer.from(decoded.blobs[index]!.buffer, decoded.blobs[index]!.byteOffset, decoded.blobs[index]!.byteLength);
    const text = gunzipBounded(gzip, LIMITS.chunkRawBytes, at);
    rawTotal += text.length;
    if (rawTotal > LIMITS.batchRawBytes)
      throw refuse(413, 'chunks', `hold more than ${LIMITS.batchRawBytes} bytes once decompressed; send fewer per request`);
    const sha256 = createHash('sha256').update(text).digest();
    if (sha256.toString('hex') !== head.sha256) {
      throw refuse(422, `${at}.sha256`, `does not match the chunk's content (its SHA-256 is ${sha256.toString('hex')})`, { chunk });
    }
    const k = `${head.taskId}:${head.seq}`;
    const earlier = byKey.get(k);
    if (earlier !== undefined) {
      if (!unique[earlier]!.sha256.equals(sha256)) {
        throw refuse(409, at, `repeats taskId ${head.taskId} seq ${head.seq} of this batch with different content`, { chunk });
      }
      slot.push(earlier);
      return;
    }
    let events: unknown;
    try {
      events = JSON.parse(text.toString('utf8'));
    } catch (error) {
      throw refuse(422, `${at}.events`, `is not valid JSON (${(error as Error).message})`, { chunk });
    }
    const check = checkChunkEvents(events, `${at}.events`);
    if (!check.ok) throw refuse(422, check.problem.field, check.problem.problem, { chunk });
    byKey.set(k, unique.length);
    slot.push(unique.length);
    unique.push({ index, taskId: head.taskId, seq: head.seq, sha256, gzip, rawBytes: text.length, span: check.span });
  });
  return { keys: decoded.header.chunks.map((c) => ({ taskId: c.taskId, seq: c.seq })), unique, slot };
}

/** The response: a repeat inside the batch is a duplicate of its first copy. */
export function batchResults(batch: PreparedBatch, uniqueOutcomes: ChunkOutcome[]): ChunkBatchResponse {
  const seen = new Set<number>();
  const results = batch.slot.map((u, i) => {
    const outcome: ChunkOutcome = seen.has(u) ? 'duplicate' : uniqueOutcomes[u]!;
    seen.add(u);
    return { ...batch.keys[i]!, outcome };
  });
  return { results };
}
