import { readdirSync, readFileSync } from 'node:fs';

// CPU and memory of other processes from /proc (Linux): the server's, and PostgreSQL's (the
// postmaster and its backends).

const TICKS_PER_SECOND = 100;

function stat(pid: number): { ppid: number; cpuSeconds: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

export function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU seconds used so far by `pid` and, with `children`, by its direct children too. */
export function cpuSeconds(pid: number, children = false): number {
  let total = stat(pid)?.cpuSeconds ?? 0;
  if (!children) return total;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(Number(name));
    if (s?.ppid === pid) total += s.cpuSeconds;
  }
  return total;
}

/** Samples a process's CPU share (of one core) and RSS between mark() and read(). */
export class CpuWindow {
  private cpu0 = 0;
  private t0 = 0;
  private peakRss = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  constructor(
    private readonly pid: () => number | undefined,
    private readonly children = false,
  ) {}

  mark(): void {
    const pid = this.pid();
    this.cpu0 = pid ? cpuSeconds(pid, this.children) : 0;
    this.t0 = performance.now();
    this.peakRss = 0;
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      const p = this.pid();
      if (p && !this.children) this.peakRss = Math.max(this.peakRss, rssMb(p));
    }, 1000);
  }

  read(): { cpuPercent: number; peakRssMb: number } {
    clearInterval(this.timer);
    const pid = this.pid();
    const cpu = pid ? cpuSeconds(pid, this.children) - this.cpu0 : 0;
    return { cpuPercent: (100 * cpu) / ((performance.now() - this.t0) / 1000), peakRssMb: this.peakRss };
  }
}
