import { describe, expect, it } from 'vitest';
import { formatNumber } from '../core/csv/write.ts';
import { ByteSink, NumberText } from './byte-sink.ts';
import { concatChunks } from './concat-bytes.ts';

function collect(): { sink: ByteSink; text: () => string; finals: () => number; chunks: Uint8Array[] } {
  const chunks: Uint8Array[] = [];
  let finals = 0;
  const sink = new ByteSink((bytes, final) => {
    chunks.push(bytes);
    if (final) finals++;
  });
  return { sink, chunks, text: () => new TextDecoder().decode(concatChunks(chunks)), finals: () => finals };
}

// A fixed-seed LCG so a failure names a reproducible value.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('ByteSink', () => {
  it('prints Math.round(v * 10) / 10 and Math.round(ms) / 1000 exactly as String() does', () => {
    const r = rng(7);
    const { sink, text } = collect();
    let expected = '';
    for (let i = 0; i < 20_000; i++) {
      const v = (r() - 0.3) * 10 ** Math.floor(r() * 8);
      const k1 = Math.round(v * 10);
      const k3 = Math.round(v);
      sink.scaled(k1, 1);
      sink.char(44);
      sink.scaled(k3, 3);
      sink.char(10);
      expected += `${k1 / 10},${k3 / 1000}\n`;
    }
    sink.close();
    expect(text()).toBe(expected);
  });

  it('copies a number formatted once (NumberText) into several entries unchanged', () => {
    const r = rng(3);
    const a = collect();
    const b = collect();
    const n = new NumberText();
    let expectedA = '';
    let expectedB = '';
    for (const k of [
      NaN,
      Infinity,
      -0,
      1e16 + 2,
      ...Array.from({ length: 2000 }, () => Math.round((r() - 0.4) * 10 ** Math.floor(r() * 9))),
    ]) {
      a.sink.copy(n.scaled(k, 1));
      a.sink.char(32);
      b.sink.copy(n.scaledCell(k, 3));
      b.sink.char(32);
      expectedA += `${String(k / 10)} `;
      expectedB += `${Number.isFinite(k) ? String(k / 1000) : 'NA'} `;
    }
    a.sink.close();
    b.sink.close();
    expect(a.text()).toBe(expectedA);
    expect(b.text()).toBe(expectedB);
  });

  it('prints finite numbers and cells (NA when missing) as formatNumber does', () => {
    const values = [
      0,
      -0,
      1,
      -1,
      7.5,
      -0.1,
      0.001,
      0.0005,
      1e-7,
      123456789.123,
      2 ** 53,
      1e21,
      1e15,
      999999999999999,
      0.1 + 0.2,
      NaN,
      Infinity,
      -Infinity,
      12.345,
      -3.07,
    ];
    const r = rng(11);
    for (let i = 0; i < 5000; i++) values.push((r() - 0.5) * 10 ** Math.floor(r() * 12 - 4));
    const a = collect();
    const b = collect();
    for (const v of values) {
      if (Number.isFinite(v)) {
        a.sink.number(v);
        a.sink.char(59);
      }
      b.sink.cell(v);
      b.sink.char(59);
    }
    b.sink.cell(null);
    a.sink.close();
    b.sink.close();
    expect(a.text()).toBe(
      values
        .filter(Number.isFinite)
        .map((v) => `${formatNumber(v)};`)
        .join(''),
    );
    expect(b.text()).toBe(`${values.map((v) => `${formatNumber(v)};`).join('')}NA`);
  });

  it('encodes non-ASCII and long text as UTF-8 and hands over chunks of bounded size, final once', () => {
    const { sink, text, finals, chunks } = collect();
    const parts = ['plain', 'Amélie, "quoted"', '東京物語', 'emoji 🎬', 'x'.repeat(300), 'ü'.repeat(400_000)];
    let expected = '';
    for (let i = 0; i < 30_000; i++) {
      const p = parts[i % 5]!;
      sink.write(p);
      expected += p;
    }
    sink.write(parts[5]!);
    expected += parts[5];
    sink.bytes(new TextEncoder().encode('→end'));
    expected += '→end';
    sink.close();
    expect(text()).toBe(expected);
    expect(finals()).toBe(1);
    // Only the one oversized string is handed over whole; every other chunk is bounded.
    expect(chunks.filter((c) => c.length > (1 << 18) + (1 << 12)).length).toBe(1);
    expect(sink.size).toBe(new TextEncoder().encode(expected).length);
    expect(() => sink.close()).toThrow(/closed twice/);
  });
});
