import { gunzipSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { concatChunks } from './concat-bytes.ts';
import { crc32 } from './crc32.ts';
import { compressWhole, EntryDeflater } from './deflate-entry.ts';

const text = new TextEncoder().encode(Array.from({ length: 20_000 }, (_, i) => `${i}\t${(i * 33.3).toFixed(1)}\tn/a\n`).join(''));

describe('entry compression', () => {
  it('writes .gz files that gunzip, with header time 0 (reproducible) and the CRC of the text', () => {
    for (const level of [1, 6] as const) {
      const gz = compressWhole(text, { gzip: true, level });
      expect(new Uint8Array(gunzipSync(gz))).toEqual(text);
      expect(new DataView(gz.buffer, gz.byteOffset).getUint32(4, true)).toBe(0);
      expect(new DataView(gz.buffer, gz.byteOffset).getUint32(gz.length - 8, true)).toBe(crc32(text));
    }
  });

  it('streams raw DEFLATE and gzip in chunks to the same text, with CRC and size', () => {
    for (const gzip of [false, true]) {
      for (const level of [1, 6] as const) {
        const out: Uint8Array[] = [];
        const d = new EntryDeflater({ gzip, level }, (c) => out.push(c));
        for (let i = 0; i < text.length; i += 50_000) d.push(text.slice(i, i + 50_000), i + 50_000 >= text.length);
        const bytes = concatChunks(out);
        expect(new Uint8Array(gzip ? gunzipSync(bytes) : inflateRawSync(bytes))).toEqual(text);
        expect(d.crc).toBe(crc32(text));
        expect(d.size).toBe(text.length);
      }
    }
  });
});
