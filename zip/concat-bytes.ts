// Shared by the zip stream and its deflate worker (which must not import zip-stream.ts).

/** Concatenates chunks into one array (Node tests, the analysis CLI). */
export function concatChunks(chunks: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
