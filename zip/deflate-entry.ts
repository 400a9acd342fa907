// Compression of one zip entry's bytes, whole or streamed, as raw DEFLATE or as a .gz file:
// level 1 (bulk rows) through our fast DEFLATE, level 6 (small documents) through fflate. Shared
// by ZipStream where there are no workers (Node) and by deflate.worker.ts.
import { Deflate, deflateSync } from 'fflate';
import { concatChunks } from './concat-bytes.ts';
import { crc32 } from './crc32.ts';
import { deflateRaw, DeflateStream } from './fast-deflate.ts';

export interface EntryFormat {
  /** A gzip file (stored in the zip as is) rather than raw DEFLATE. */
  gzip: boolean;
  level: 1 | 6;
}

/**
 * RFC 1952 header as fflate writes it (no name; XFL 4 = fastest for level < 2; OS 3 = Unix), with
 * MTIME 0 ("no time stamp"): the same data gives the same .gz bytes whenever it is exported.
 */
function gzipHeader(level: number): Uint8Array {
  const h = new Uint8Array(10);
  h[0] = 31;
  h[1] = 139;
  h[2] = 8;
  h[8] = level < 2 ? 4 : 0;
  h[9] = 3;
  return h;
}

function gzipTrailer(crc: number, size: number): Uint8Array {
  const t = new Uint8Array(8);
  const v = new DataView(t.buffer);
  v.setUint32(0, crc >>> 0, true);
  v.setUint32(4, size >>> 0, true);
  return t;
}

/** A whole entry's bytes compressed at once. */
export function compressWhole(data: Uint8Array, f: EntryFormat): Uint8Array {
  const deflated = f.level === 1 ? deflateRaw(data) : deflateSync(data, { level: f.level });
  return f.gzip ? concatChunks([gzipHeader(f.level), deflated, gzipTrailer(crc32(data), data.length)]) : deflated;
}

/** An entry compressed chunk by chunk; compressed bytes (and the gzip frame) go to `out`. */
export class EntryDeflater {
  crc = 0;
  size = 0;
  private readonly stream: { push(chunk: Uint8Array, final: boolean): void };
  constructor(
    private readonly f: EntryFormat,
    private readonly out: (data: Uint8Array) => void,
  ) {
    if (f.gzip) out(gzipHeader(f.level));
    this.stream = f.level === 1 ? new DeflateStream((d) => out(d)) : new Deflate({ level: f.level }, (d) => out(d));
  }
  push(chunk: Uint8Array, final: boolean): void {
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
    this.stream.push(chunk, final);
    if (final && this.f.gzip) this.out(gzipTrailer(this.crc, this.size));
  }
}
