// Runs inside Chromium (served by Vite): the same export measurement as in Node.
import { measureExport } from './export-core.ts';

const participants = Number(new URLSearchParams(location.search).get('participants') ?? 87);
// performance.memory is a snapshot: read it afresh each time (Chromium only).
const heap = () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null;
const w = window as unknown as { __benchResult?: unknown };
measureExport(participants, heap, () => new Promise((r) => setTimeout(r, 0)))
  .then((r) => {
    w.__benchResult = r;
    document.getElementById('status')!.textContent = JSON.stringify(r);
  })
  .catch((e: unknown) => {
    w.__benchResult = { error: String(e) };
  });
