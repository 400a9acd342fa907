// How a chunk's events become bytes on both ends: UTF-8 JSON text, hashed with SHA-256 (hex), and
// gzip-compressed. Web Crypto and CompressionStream exist in browsers and in Node ≥ 18.

export function eventsText(events: readonly unknown[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(events));
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let out = '';
  for (const b of digest) out += b.toString(16).padStart(2, '0');
  return out;
}

async function pipeThrough(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const source = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(source).arrayBuffer());
}

export function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  return pipeThrough(bytes, new CompressionStream('gzip'));
}

export function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  return pipeThrough(bytes, new DecompressionStream('gzip'));
}

/** A chunk ready to travel: its header entry and its gzip bytes. */
export interface EncodedChunk {
  header: { taskId: number; seq: number; sha256: string; bytes: number };
  gzip: Uint8Array;
  /** Length of the uncompressed JSON text. */
  rawBytes: number;
}

export async function encodeChunk(taskId: number, seq: number, events: readonly unknown[]): Promise<EncodedChunk> {
  const text = eventsText(events);
  const [sha256, compressed] = await Promise.all([sha256Hex(text), gzip(text)]);
  return { header: { taskId, seq, sha256, bytes: compressed.length }, gzip: compressed, rawBytes: text.length };
}
