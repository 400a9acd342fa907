/**
 * Token buckets per key (a session, or one shared key for session creation): `burst` requests at
 * once, refilled at `perSecond`. In memory: with several server instances each enforces its own.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perSecond: number;
  private readonly burst: number;
  private readonly now: () => number;
  private lastSweep = 0;

  constructor(options: { perSecond: number; burst: number; now?: () => number }) {
    this.perSecond = options.perSecond;
    this.burst = options.burst;
    this.now = options.now ?? (() => performance.now());
  }

  /** Takes one token; when none is left, returns how long until one is (ms). */
  take(key: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const now = this.now();
    this.sweep(now);
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - b.tokens) / this.perSecond) * 1000) };
  }

  /** Full buckets carry no information: drop them now and then so the map stays small. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, b] of this.buckets) if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(key);
  }
}
