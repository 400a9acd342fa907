import { inflateSync as fflateInflate } from 'fflate';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { concatChunks } from './concat-bytes.ts';
import { deflateRaw, DeflateStream } from './fast-deflate.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** CSV-like rows, long runs, random bytes and text: the shapes the export deflates. */
function corpus(bytes: number, seed: number): Uint8Array {
  const r = rng(seed);
  let text = '';
  while (text.length < bytes) {
    const kind = r();
    if (kind < 0.6)
      text += `LAB_${Math.floor(r() * 87)},${Math.floor(r() * 40)},${(r() * 30).toFixed(3)},${(r() * 1920).toFixed(1)},${(r() * 945).toFixed(1)},NA,NA,NA,1,NA,webgazer\r\n`;
    else if (kind < 0.7) text += 'NA,'.repeat(Math.floor(r() * 300));
    else if (kind < 0.8) text += String.fromCharCode(...Array.from({ length: 200 }, () => Math.floor(r() * 256)));
    else text += `{"kind":"layout","t":${r()},"boxes":[{"x":${Math.floor(r() * 2000)},"y":${Math.floor(r() * 900)}}]}\n`;
  }
  return new TextEncoder().encode(text.slice(0, bytes));
}

const inflate = (d: Uint8Array) => new Uint8Array(inflateRawSync(d));

describe('fast DEFLATE', () => {
  it('round-trips whole buffers of every size through zlib and fflate', () => {
    for (const [n, seed] of [
      [0, 1],
      [1, 2],
      [3, 3],
      [100, 4],
      [40_000, 5],
      [300_000, 6],
    ] as const) {
      const data = corpus(n, seed);
      const packed = deflateRaw(data);
      expect(inflate(packed)).toEqual(data);
      expect(fflateInflate(packed)).toEqual(data);
      if (n > 1000) expect(packed.length).toBeLessThan(data.length * 0.6);
    }
  });

  it('streams in uneven chunks to the same text, the last chunk marked final', () => {
    const data = corpus(700_000, 9);
    const out: Uint8Array[] = [];
    let finals = 0;
    const stream = new DeflateStream((d, final) => {
      out.push(d);
      if (final) finals++;
    });
    const r = rng(4);
    for (let i = 0; i < data.length;) {
      const n = Math.floor(r() * 300_000);
      stream.push(data.subarray(i, i + n), i + n >= data.length);
      i += n;
    }
    expect(finals).toBe(1);
    expect(inflate(concatChunks(out))).toEqual(data);
    expect(() => stream.push(new Uint8Array(1))).toThrow(/after the final chunk/);
  });
});
