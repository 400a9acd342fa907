// A V8 heap snapshot of a page, summed by what the objects are: compiled code (the JIT's output,
// which grows while functions tier up and then levels off), JS objects (where a leak of recorded
// data would show) and native objects (DOM, array-buffer backing stores, WebGL; outside the JS
// heap figure). Used by the soak.
import type { CDPSession } from 'playwright-core';

export interface HeapBreakdown {
  /** Self sizes in bytes. */
  codeBytes: number;
  jsBytes: number;
  nativeBytes: number;
  /** Self bytes and counts by `type:name` (strings pooled), for diffs between snapshots. */
  groups: Map<string, { count: number; bytes: number }>;
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

export async function heapBreakdown(cdp: CDPSession): Promise<HeapBreakdown> {
  await cdp.send('HeapProfiler.collectGarbage');
  const parts: string[] = [];
  const onChunk = (e: { chunk: string }) => parts.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  const snap = JSON.parse(parts.join('')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const groups = new Map<string, { count: number; bytes: number }>();
  let codeBytes = 0;
  let jsBytes = 0;
  let nativeBytes = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]!]!;
    const size = snap.nodes[i + sizeAt]!;
    if (type === 'code') codeBytes += size;
    else if (type === 'native') nativeBytes += size;
    else jsBytes += size;
    const name = type.includes('string') ? '(strings)' : (snap.strings[snap.nodes[i + nameAt]!] ?? '').slice(0, 60);
    const key = `${type}:${name}`;
    const g = groups.get(key);
    if (g) {
      g.count++;
      g.bytes += size;
    } else groups.set(key, { count: 1, bytes: size });
  }
  return { codeBytes, jsBytes, nativeBytes, groups };
}

/** The groups that grew most from `a` to `b`, as printable lines. */
export function heapGrowth(a: HeapBreakdown, b: HeapBreakdown, top = 8): string[] {
  return [...b.groups]
    .map(([key, g]) => {
      const before = a.groups.get(key) ?? { count: 0, bytes: 0 };
      return { key, count: g.count - before.count, bytes: g.bytes - before.bytes };
    })
    .filter((d) => d.bytes > 0)
    .sort((x, y) => y.bytes - x.bytes)
    .slice(0, top)
    .map((d) => `${(d.bytes / 1e3).toFixed(1).padStart(9)} KB  ${String(d.count).padStart(7)} objects  ${d.key}`);
}
