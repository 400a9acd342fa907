import * as v from 'valibot';
import { BatchHeaderSchema, type BatchHeader } from './messages.ts';
import { issueProblem, type Problem } from './problem.ts';

// A chunk batch on the wire: "CGB1", the header's length (u32 big-endian), the header as UTF-8 JSON,
// then each chunk's gzip bytes in header order. The server stores those bytes as they came
// (after checking them), so it never re-compresses.

const MAGIC = [0x43, 0x47, 0x42, 0x31]; // "CGB1"
const PREFIX = MAGIC.length + 4;
const MAX_HEADER_BYTES = 256 * 1024;

export function encodeBatch(header: BatchHeader, blobs: readonly Uint8Array[]): Uint8Array {
  const head = new TextEncoder().encode(JSON.stringify(header));
  const total = PREFIX + head.length + blobs.reduce((n, b) => n + b.length, 0);
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(MAGIC.length, head.length);
  out.set(head, PREFIX);
  let at = PREFIX + head.length;
  for (const b of blobs) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** Size of the frame `encodeBatch` would build, without building it. */
export function batchFrameBytes(header: BatchHeader): number {
  return PREFIX + new TextEncoder().encode(JSON.stringify(header)).length + header.chunks.reduce((n, c) => n + c.bytes, 0);
}

export type DecodedBatch = { ok: true; header: BatchHeader; blobs: Uint8Array[] } | { ok: false; problem: Problem };

export function decodeBatch(body: Uint8Array): DecodedBatch {
  const fail = (problem: string, field = 'body'): DecodedBatch => ({ ok: false, problem: { field, problem } });
  if (body.length < PREFIX || MAGIC.some((b, i) => body[i] !== b)) return fail('is not a chunk batch (it must start with "CGB1")');
  const headLength = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(MAGIC.length);
  if (headLength > MAX_HEADER_BYTES) return fail(`header is ${headLength} bytes; at most ${MAX_HEADER_BYTES} are allowed`);
  if (PREFIX + headLength > body.length) return fail(`ends inside its header (${headLength} bytes announced)`);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(PREFIX, PREFIX + headLength)));
  } catch {
    return fail('header is not valid UTF-8 JSON');
  }
  const parsed = v.safeParse(BatchHeaderSchema, raw, { abortEarly: true });
  if (!parsed.success) return { ok: false, problem: issueProblem('', parsed.issues[0]) };
  const header = parsed.output;
  const announced = header.chunks.reduce((n, c) => n + c.bytes, 0);
  const rest = body.length - PREFIX - headLength;
  if (announced !== rest) return fail(`holds ${rest} bytes of chunk data but the header announces ${announced}`);
  const blobs: Uint8Array[] = [];
  let at = PREFIX + headLength;
  for (const c of header.chunks) {
    blobs.push(body.subarray(at, at + c.bytes));
    at += c.bytes;
  }
  return { ok: true, header, blobs };
}
