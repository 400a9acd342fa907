import { describe, expect, it } from 'vitest';
import { crc32, crc32Combine } from './crc32.ts';

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 131 + seed * 17 + (i >> 7)) & 0xff);

describe('crc32Combine', () => {
  it('gives the CRC-32 of two pieces joined, from their CRCs and the second one’s length', () => {
    for (const [a, b] of [
      [0, 0],
      [1, 0],
      [0, 7],
      [13, 1],
      [1000, 70_000],
      [3, 1 << 20],
    ] as const) {
      const first = bytes(a, 1);
      const second = bytes(b, 2);
      const whole = new Uint8Array(a + b);
      whole.set(first);
      whole.set(second, a);
      expect(crc32Combine(crc32(first), crc32(second), b), `${a} + ${b}`).toBe(crc32(whole));
    }
  });

  it('joins many pieces in a row (a study-wide entry from its sessions’ pieces)', () => {
    const pieces = [5, 0, 300, 1, 65_536, 17].map((n, i) => bytes(n, i));
    let crc = 0;
    for (const p of pieces) crc = crc32Combine(crc, crc32(p), p.length);
    const whole = Uint8Array.from(pieces.flatMap((p) => [...p]));
    expect(crc).toBe(crc32(whole));
    // A known value: CRC-32 of "123456789".
    expect(crc32Combine(crc32(new TextEncoder().encode('1234')), crc32(new TextEncoder().encode('56789')), 5)).toBe(0xcbf43926);
  });
});
