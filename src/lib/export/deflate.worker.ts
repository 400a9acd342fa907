// Compresses the export's deferred entries (per-session pymovements CSVs, per-screen BIDS .tsv.gz)
// off the main thread: many small streams share this one worker (fflate's async streams would
// start a worker each). Protocol in deflate-protocol.ts.
import { Deflate, Gzip } from 'fflate';
import { concatChunks } from './concat-bytes.ts';
import type { DeflateReply, DeflateRequest } from './deflate-protocol.ts';

const scope = self as unknown as { postMessage(m: DeflateReply, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<DeflateRequest>) => void) | null };
const streams = new Map<number, { stream: Deflate | Gzip; out: Uint8Array[] }>();

scope.onmessage = (e) => {
  const m = e.data;
  try {
    let s = streams.get(m.id);
    if (!s) {
      const out: Uint8Array[] = [];
      const stream = m.gzip ? new Gzip({ level: m.level, mtime: m.mtime }, (c) => out.push(c)) : new Deflate({ level: m.level }, (c) => out.push(c));
      s = { stream, out };
      streams.set(m.id, s);
    }
    const size = m.data.length;
    s.stream.push(m.data, m.final);
    if (!m.final) {
      scope.postMessage({ id: m.id, consumed: size });
      return;
    }
    streams.delete(m.id);
    const data = concatChunks(s.out);
    scope.postMessage({ id: m.id, consumed: size, data }, [data.buffer]);
  } catch (err) {
    scope.postMessage({ id: m.id, consumed: 0, error: err instanceof Error ? err.message : String(err) });
  }
};
