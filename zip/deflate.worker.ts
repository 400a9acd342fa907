// Compresses an export's zip entries off the main thread (protocol in deflate-protocol.ts); one
// instance takes the long streamed entries, another the deferred ones:
// - the long streamed entries (gaze samples, raw events, …): each chunk is deflated as it arrives
//   and the compressed bytes go straight back;
// - the thousands of small deferred entries (per-session pymovements CSVs, per-screen BIDS files
//   and sidecars): their chunks are held until the entry ends or passes STREAM_AFTER bytes, so a
//   small entry is compressed in one call sized to its length (a streaming deflater's tables per
//   entry would dominate).
// The CRC and size of every entry are computed here too.
import { concatChunks } from './concat-bytes.ts';
import { crc32 } from './crc32.ts';
import { compressWhole, EntryDeflater } from './deflate-entry.ts';
import type { DeflateReply, DeflateRequest } from './deflate-protocol.ts';

const STREAM_AFTER = 1 << 20;

interface Entry {
  held: Uint8Array[];
  heldBytes: number;
  deflater: EntryDeflater | null;
  out: Uint8Array[];
  crc: number;
  size: number;
}

const scope = self as unknown as {
  postMessage(m: DeflateReply[], transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<DeflateRequest[]>) => void) | null;
};
const entries = new Map<number, Entry>();

function handle(m: DeflateRequest, transfer: Transferable[]): DeflateReply {
  try {
    let e = entries.get(m.id);
    if (!e) entries.set(m.id, (e = { held: [], heldBytes: 0, deflater: null, out: [], crc: 0, size: 0 }));
    const consumed = m.data.length;
    e.crc = crc32(m.data, e.crc);
    e.size += consumed;
    const format = { gzip: m.gzip, level: m.level };
    if (!m.stream && !e.deflater && (m.final || e.heldBytes + consumed <= STREAM_AFTER)) {
      e.held.push(m.data);
      e.heldBytes += consumed;
      if (!m.final) return { id: m.id, consumed };
      e.out.push(compressWhole(e.held.length === 1 ? e.held[0]! : concatChunks(e.held), format));
    } else {
      if (!e.deflater) {
        const out = e.out;
        e.deflater = new EntryDeflater(format, (c) => out.push(c));
        for (const c of e.held) e.deflater.push(c, false);
        e.held = [];
      }
      e.deflater.push(m.data, m.final);
      if (!m.final && !m.stream) return { id: m.id, consumed };
    }
    const data = e.out.length === 1 ? e.out[0]! : concatChunks(e.out);
    e.out.length = 0;
    transfer.push(data.buffer);
    if (!m.final) return { id: m.id, consumed, data };
    entries.delete(m.id);
    return { id: m.id, consumed, data, crc: e.crc, size: e.size, final: true };
  } catch (err) {
    return { id: m.id, consumed: 0, error: err instanceof Error ? err.message : String(err) };
  }
}

scope.onmessage = (e) => {
  const transfer: Transferable[] = [];
  const replies = e.data.map((m) => handle(m, transfer));
  scope.postMessage(replies, transfer);
};
