// A text entry of the export written straight into UTF-8 bytes: numbers are formatted digit by
// digit and strings copied in, so the millions of gaze rows never become JS strings (building,
// concatenating, encoding and collecting those strings was most of an export's main-thread time).
// Full chunks go to `push` (a deflater); the output is byte-identical to writing the same values
// through String() and TextEncoder. Every chunk handed to `push` owns its ArrayBuffer (it may be
// transferred to a worker).
import { formatNumber, NA } from '../core/csv/write.ts';

/** Chunks grow from FIRST_BYTES to MAX_BYTES: most entries are small (a sidecar, one screen's rows). */
const FIRST_BYTES = 1 << 12;
const MAX_BYTES = 1 << 18;
/** Room for one write (a short string, a number) without bounds checks: a chunk is handed over once less is left. */
const SLACK = 1 << 10;
/** "00".."99" as byte pairs. */
const PAIRS = (() => {
  const t = new Uint8Array(200);
  for (let i = 0; i < 100; i++) {
    t[2 * i] = 48 + Math.floor(i / 10);
    t[2 * i + 1] = 48 + (i % 10);
  }
  return t;
})();
const POW10 = [1, 10, 100, 1000] as const;
/** Integers below this print without exponent and keep every digit exact in a double. */
const PLAIN_LIMIT = 1e15;
const encoder = new TextEncoder();

const plainScaled = (k: number): boolean => Math.abs(k) < PLAIN_LIMIT && Number.isInteger(k);

/** Writes a non-negative integer below PLAIN_LIMIT at `pos`; returns the position after it. */
function writeDigits(buf: Uint8Array, pos: number, n: number): number {
  if (n < 10) {
    buf[pos] = 48 + n;
    return pos + 1;
  }
  if (n >= 0x7fffffff) {
    // Rare (coordinates and times are small): the low 9 digits in double arithmetic.
    const hi = Math.floor(n / 1e9);
    let p = writeDigits(buf, pos, hi) + 9;
    const end = p;
    let m = n - hi * 1e9;
    for (let i = 0; i < 9; i++) {
      const q = Math.floor(m / 10);
      buf[--p] = 48 + (m - q * 10);
      m = q;
    }
    return end;
  }
  const len = n < 100 ? 2 : n < 1e3 ? 3 : n < 1e4 ? 4 : n < 1e5 ? 5 : n < 1e6 ? 6 : n < 1e7 ? 7 : n < 1e8 ? 8 : n < 1e9 ? 9 : 10;
  const end = pos + len;
  let p = end;
  let m = n | 0;
  while (m >= 100) {
    const q = (m / 100) | 0;
    const r = (m - q * 100) << 1;
    buf[--p] = PAIRS[r + 1]!;
    buf[--p] = PAIRS[r]!;
    m = q;
  }
  if (m >= 10) {
    buf[p - 1] = PAIRS[(m << 1) + 1]!;
    buf[p - 2] = PAIRS[m << 1]!;
  } else buf[p - 1] = 48 + m;
  return end;
}

/** `String(k / 10 ** decimals)` at `pos` for an integer k with plainScaled(k); returns the end. */
function writeScaled(buf: Uint8Array, pos: number, k: number, decimals: 0 | 1 | 3): number {
  const a = Math.abs(k);
  if (k < 0) buf[pos++] = 45;
  const scale = POW10[decimals];
  const ip = Math.floor(a / scale);
  let frac = a - ip * scale;
  pos = writeDigits(buf, pos, ip);
  if (frac === 0) return pos;
  buf[pos++] = 46;
  let d = decimals;
  while (frac % 10 === 0) {
    frac /= 10;
    d--;
  }
  const end = pos + d;
  let p = end;
  for (let i = 0; i < d; i++) {
    const q = Math.floor(frac / 10);
    buf[--p] = 48 + (frac - q * 10);
    frac = q;
  }
  return end;
}

function writeAscii(buf: Uint8Array, text: string): number {
  for (let i = 0; i < text.length; i++) buf[i] = text.charCodeAt(i);
  return text.length;
}

/** One number's text, formatted once and copied into several entries (ByteSink.copy). */
export class NumberText {
  readonly buf = new Uint8Array(32);
  length = 0;

  /** As ByteSink.scaled: `String(k / 10 ** decimals)`, NaN and ±Infinity included. */
  scaled(k: number, decimals: 1 | 3): this {
    this.length = plainScaled(k) ? writeScaled(this.buf, 0, k, decimals) : writeAscii(this.buf, String(k / POW10[decimals]));
    return this;
  }

  /** As a CSV cell: `NA` when k is not finite. */
  scaledCell(k: number, decimals: 1 | 3): this {
    return Number.isFinite(k) ? this.scaled(k, decimals) : this.text(NA);
  }

  /** A short ASCII text (at most 32 characters). */
  text(ascii: string): this {
    this.length = writeAscii(this.buf, ascii);
    return this;
  }
}

export class ByteSink {
  private buf = new Uint8Array(FIRST_BYTES + SLACK);
  /** Hand the chunk over once pos reaches this. */
  private limit = FIRST_BYTES;
  private pos = 0;
  private closed = false;
  /** Bytes written so far. */
  size = 0;

  constructor(private readonly push: (bytes: Uint8Array, final: boolean) => void) {}

  private flushIfFull(): void {
    if (this.pos >= this.limit) this.flush(false);
  }

  private flush(final: boolean): void {
    const out = this.buf.subarray(0, this.pos);
    this.size += this.pos;
    // A fresh buffer each time: the receiver may keep or transfer the one it got.
    this.limit = Math.min(this.limit * 2, MAX_BYTES);
    this.buf = new Uint8Array(final ? 0 : this.limit + SLACK);
    this.pos = 0;
    this.push(out, final);
  }

  /** Any text (UTF-8). */
  write(text: string): void {
    const n = text.length;
    if (n <= 256) {
      // Short strings: a copy loop beats encodeInto's call overhead while they are ASCII.
      const buf = this.buf;
      let p = this.pos;
      let i = 0;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c >= 0x80) break;
        buf[p++] = c;
      }
      this.pos = p;
      if (i === n) {
        this.flushIfFull();
        return;
      }
      this.writeUtf8(i === 0 ? text : text.slice(i));
      return;
    }
    this.writeUtf8(text);
  }

  private writeUtf8(text: string): void {
    const worst = text.length * 3;
    if (this.pos + worst > this.buf.length) {
      if (this.pos > 0) this.flush(false);
      if (worst > this.buf.length) {
        const bytes = encoder.encode(text);
        this.size += bytes.length;
        this.push(bytes, false);
        return;
      }
    }
    this.pos += encoder.encodeInto(text, this.buf.subarray(this.pos)).written;
    this.flushIfFull();
  }

  /** Bytes already encoded (a row prefix shared by many rows). */
  bytes(data: Uint8Array): void {
    if (this.pos + data.length > this.buf.length) this.flush(false);
    if (data.length > this.buf.length) {
      this.size += data.length;
      this.push(data.slice(), false);
      return;
    }
    this.buf.set(data, this.pos);
    this.pos += data.length;
    this.flushIfFull();
  }

  /** One ASCII byte (a separator). */
  char(code: number): void {
    this.buf[this.pos++] = code;
    this.flushIfFull();
  }

  /**
   * `String(k / 10 ** decimals)` for an integer k (what `Math.round(v * 10) / 10` and
   * `Math.round(ms) / 1000` print), without building the string.
   */
  scaled(k: number, decimals: 0 | 1 | 3): void {
    if (!plainScaled(k)) {
      this.write(String(k / POW10[decimals]));
      return;
    }
    // Every write leaves at least SLACK bytes free, so no bounds check per digit.
    this.pos = writeScaled(this.buf, this.pos, k, decimals);
    this.flushIfFull();
  }

  /** A number formatted once for several entries. */
  copy(n: NumberText): void {
    const buf = this.buf;
    const from = n.buf;
    let p = this.pos;
    for (let i = 0; i < n.length; i++) buf[p++] = from[i]!;
    this.pos = p;
    this.flushIfFull();
  }

  /** As `copy`, with `.0` added to a whole number (Python's float format, `formatPyFloat`). */
  copyFloat(n: NumberText): void {
    const buf = this.buf;
    const from = n.buf;
    let p = this.pos;
    let point = false;
    for (let i = 0; i < n.length; i++) {
      const c = from[i]!;
      if (c === 46 || c === 101 || c === 78 || c === 73) point = true; // '.', 'e', 'N'aN, 'I'nfinity
      buf[p++] = c;
    }
    if (!point) {
      buf[p++] = 46;
      buf[p++] = 48;
    }
    this.pos = p;
    this.flushIfFull();
  }

  /** A finite number as the CSV writer's number rule prints it (`formatNumber`), common shapes formatted directly. */
  number(v: number): void {
    if (Number.isInteger(v) && Math.abs(v) < PLAIN_LIMIT) return this.scaled(v === 0 ? 0 : v, 0);
    const k1 = Math.round(v * 10);
    if (k1 / 10 === v) return this.scaled(k1, 1);
    const k3 = Math.round(v * 1000);
    if (k3 / 1000 === v) return this.scaled(k3, 3);
    this.write(formatNumber(v));
  }

  /** A finite number exactly, as JSON prints it (raw events must round-trip bit for bit); common shapes formatted directly. */
  exactNumber(v: number): void {
    if (Number.isInteger(v) && Math.abs(v) < PLAIN_LIMIT) return this.scaled(v === 0 ? 0 : v, 0);
    const k1 = Math.round(v * 10);
    if (k1 / 10 === v) return this.scaled(k1, 1);
    const k3 = Math.round(v * 1000);
    if (k3 / 1000 === v) return this.scaled(k3, 3);
    this.write(String(v));
  }

  /** A numeric CSV cell: `missing` for null and non-finite values, else as `number`. */
  cell(v: number | null, missing = NA): void {
    if (v === null || !Number.isFinite(v)) this.write(missing);
    else this.number(v);
  }

  close(): void {
    if (this.closed) throw new Error('ByteSink closed twice');
    this.closed = true;
    this.flush(true);
  }
}
