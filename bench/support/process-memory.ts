// Resident memory of the Chromium this Node process launched (Linux /proc): the browser, its
// renderers and its GPU process, summed by process type. What a heap snapshot does not see —
// wasm heaps, GL buffers in the GPU process, allocator fragmentation — shows here. Used by the soak.
import { readdirSync, readFileSync } from 'node:fs';

export interface ChromiumMemory {
  /** RSS in bytes by Chromium process type ('browser' for the main process). */
  byType: Map<string, number>;
  totalBytes: number;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** pid → parent pid of every process (a snapshot of /proc). */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const stat = readText(`/proc/${pid}/stat`);
    // The command name is in parentheses and may contain spaces: the fields after its last ')'.
    const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields?.[1]) out.set(pid, Number(fields[1]));
  }
  return out;
}

function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readText(`/proc/${pid}/status`) ?? '');
  return m ? Number(m[1]) * 1024 : 0;
}

/** Chromium processes below `rootPid` (default: this process), with their RSS by type; null off Linux. */
export function chromiumMemory(rootPid = process.pid): ChromiumMemory | null {
  if (process.platform !== 'linux') return null;
  const ppid = parents();
  const below = (pid: number): boolean => {
    for (let p = ppid.get(pid), guard = 0; p !== undefined && guard < 64; p = ppid.get(p), guard++) if (p === rootPid) return true;
    return false;
  };
  const byType = new Map<string, number>();
  let totalBytes = 0;
  for (const pid of ppid.keys()) {
    if (!below(pid)) continue;
    // Chromium rewrites its argv, so the arguments may come as one space-separated string.
    const cmd = (readText(`/proc/${pid}/cmdline`) ?? '').replaceAll('\0', ' ');
    if (!/^\S*chrom/i.test(cmd)) continue;
    const type = /--type=([\w-]+)/.exec(cmd)?.[1] ?? 'browser';
    const rss = rssBytes(pid);
    byType.set(type, (byType.get(type) ?? 0) + rss);
    totalBytes += rss;
  }
  return { byType, totalBytes };
}
