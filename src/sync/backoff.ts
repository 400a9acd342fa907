export interface BackoffSettings {
  /** Delay before the first retry (before jitter). */
  baseMs: number;
  /** Ceiling of the delay: what a participant waits at most after the server comes back. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { baseMs: 1000, maxMs: 10_000 };

/**
 * Exponential backoff with "equal jitter": half the exponential delay plus a random share of the
 * other half, so clients that failed together (a server restart) do not return together, and no
 * client retries at once in a loop. `attempt` counts failures so far (1 = the first).
 */
export function retryDelay(attempt: number, settings: BackoffSettings = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exp = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}
