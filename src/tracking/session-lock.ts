// One tab per participant session: a Web Lock named after the study and the participant. The tab
// running the session holds it for its lifetime; another page that wants to write the session's
// unsaved data (recovery) takes it briefly, only when no tab holds it.

export function sessionLockName(studyId: string, participantId: string): string {
  return `carousel-gaze-lab:${studyId}:${participantId}`;
}

function lockManager(): LockManager | null {
  if (typeof navigator === 'undefined') return null;
  return (navigator as Navigator & { locks?: LockManager }).locks ?? null;
}

/** Tries once; resolves true and keeps the lock until the tab goes away, or false if held. */
function tryHold(name: string): Promise<boolean> {
  const locks = lockManager();
  if (!locks) return Promise.resolve(true);
  return new Promise((resolve) => {
    void locks.request(name, { ifAvailable: true }, (lock) => {
      if (!lock) {
        resolve(false);
        return undefined;
      }
      resolve(true);
      return new Promise<void>(() => {});
    });
  });
}

/**
 * Holds the session's lock while this tab lives. Resolves false when another tab keeps it for
 * `waitMs` (a recovery on another page of the app holds it only for a moment).
 */
export async function acquireSessionLock(name: string, waitMs = 3000): Promise<boolean> {
  const until = performance.now() + waitMs;
  for (;;) {
    if (await tryHold(name)) return true;
    if (performance.now() >= until) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Runs `fn` while holding the lock if no one holds it; resolves false (without running) otherwise. */
export async function withLockIfFree(name: string, fn: () => Promise<void>): Promise<boolean> {
  const locks = lockManager();
  if (!locks) {
    await fn();
    return true;
  }
  return locks.request(name, { ifAvailable: true }, async (lock) => {
    if (!lock) return false;
    await fn();
    return true;
  });
}
