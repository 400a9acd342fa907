/**
 * Holds an exclusive Web Lock for a participant's session while this tab lives, so a second tab of
 * the same participant cannot write into the same session. Resolves false when another tab has it.
 */
export function acquireSessionLock(name: string): Promise<boolean> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks) return Promise.resolve(true);
  return new Promise((resolve) => {
    void locks.request(name, { ifAvailable: true }, (lock) => {
      if (!lock) {
        resolve(false);
        return undefined;
      }
      resolve(true);
      // Keep the lock until the tab goes away.
      return new Promise<void>(() => {});
    });
  });
}
