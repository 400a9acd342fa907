// Compresses the export's deferred entries (per-session pymovements CSVs, per-screen BIDS files and
// sidecars) off the main thread: thousands of small entries share this one worker (fflate's async
// streams would start a worker each). An entry's chunks are held until it ends or passes
// STREAM_AFTER bytes: a small entry is then compressed in one call, sized to its length (a
// streaming deflater allocates ~1 MB of tables per entry, which dominated this worker's time).
// Protocol in deflate-protocol.ts.
import { Deflate, deflateSync, Gzip, gzipSync } from 'fflate';
import { concatChunks } from './concat-bytes.ts';
import { crc32 } from './crc32.ts';
import type { DeflateReply, DeflateRequest } from './deflate-protocol.ts';

const STREAM_AFTER = 1 << 20;

interface Entry {
  held: Uint8Array[];
  heldBytes: number;
  stream: Deflate | Gzip | null;
  out: Uint8Array[];
  crc: number;
  size: number;
}

const scope = self as unknown as { postMessage(m: DeflateReply[], transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<DeflateRequest[]>) => void) | null };
const entries = new Map<number, Entry>();

function handle(m: DeflateRequest, transfer: Transferable[]): DeflateReply {
  try {
    let e = entries.get(m.id);
    if (!e) entries.set(m.id, (e = { held: [], heldBytes: 0, stream: null, out: [], crc: 0, size: 0 }));
    const consumed = m.data.length;
    e.crc = crc32(m.data, e.crc);
    e.size += consumed;
    if (!e.stream && (m.final || e.heldBytes + consumed <= STREAM_AFTER)) {
      e.held.push(m.data);
      e.heldBytes += consumed;
      if (!m.final) return { id: m.id, consumed };
      const whole = e.held.length === 1 ? e.held[0]! : concatChunks(e.held);
      e.out.push(m.gzip ? gzipSync(whole, { level: m.level, mtime: m.mtime }) : deflateSync(whole, { level: m.level }));
    } else {
      if (!e.stream) {
        const out = e.out;
        e.stream = m.gzip ? new Gzip({ level: m.level, mtime: m.mtime }, (c) => out.push(c)) : new Deflate({ level: m.level, mem: 4 }, (c) => out.push(c));
        for (const c of e.held) e.stream.push(c, false);
        e.held = [];
      }
      e.stream.push(m.data, m.final);
      if (!m.final) return { id: m.id, consumed };
    }
    entries.delete(m.id);
    const data = concatChunks(e.out);
    transfer.push(data.buffer);
    return { id: m.id, consumed, data, crc: e.crc, size: e.size };
  } catch (err) {
    return { id: m.id, consumed: 0, error: err instanceof Error ? err.message : String(err) };
  }
}

scope.onmessage = (e) => {
  const transfer: Transferable[] = [];
  const replies = e.data.map((m) => handle(m, transfer));
  scope.postMessage(replies, transfer);
};
