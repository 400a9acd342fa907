import type { SessionRecord } from '../records.ts';

// One stored session for the researcher's analysis view: "CGS1", the header's length (u32
// big-endian), the header as UTF-8 JSON (the session record and its chunk keys with their byte
// lengths), then every chunk's gzip bytes exactly as the participant's browser sent them: the
// server neither opens nor recompresses them.

const MAGIC = [0x43, 0x47, 0x53, 0x31]; // "CGS1"
const PREFIX = MAGIC.length + 4;

export const SESSION_FRAME_CONTENT_TYPE = 'application/vnd.cgl.session';

export interface SessionFrameHeader {
  record: SessionRecord;
  chunks: { taskId: number; seq: number; bytes: number }[];
}

/** The frame's first bytes (prefix and header); the chunks' bytes follow in header order. */
export function encodeSessionFrameHead(header: SessionFrameHeader): Uint8Array {
  const head = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(PREFIX + head.length);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(MAGIC.length, head.length);
  out.set(head, PREFIX);
  return out;
}

export function decodeSessionFrame(bytes: Uint8Array): { header: SessionFrameHeader; blobs: Uint8Array[] } {
  if (bytes.length < PREFIX || MAGIC.some((b, i) => bytes[i] !== b))
    throw new Error('the server sent something that is not a session frame');
  const headLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(MAGIC.length);
  if (PREFIX + headLength > bytes.length) throw new Error('the session frame ends inside its header');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREFIX, PREFIX + headLength))) as SessionFrameHeader;
  const blobs: Uint8Array[] = [];
  let at = PREFIX + headLength;
  for (const c of header.chunks) {
    if (at + c.bytes > bytes.length) throw new Error(`the session frame ends inside chunk ${c.taskId}:${c.seq}`);
    blobs.push(bytes.subarray(at, at + c.bytes));
    at += c.bytes;
  }
  if (at !== bytes.length) throw new Error('the session frame has bytes after its last chunk');
  return { header, blobs };
}
