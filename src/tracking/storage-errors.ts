// Storage failures in the participant's words. Dexie wraps the browser's DOMExceptions (`inner`)
// and its own messages carry links to its documentation, which mean nothing to a participant.

export type StorageProblem = 'full' | 'unavailable' | 'other';

function names(error: unknown): string[] {
  const out: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const name = (e as { name?: unknown }).name;
    if (typeof name === 'string') out.push(name);
    e = (e as { inner?: unknown }).inner;
  }
  return out;
}

export function storageProblem(error: unknown): StorageProblem {
  const n = names(error);
  if (n.includes('QuotaExceededError')) return 'full';
  if (n.some((x) => ['MissingAPIError', 'InvalidStateError', 'SecurityError', 'UnknownError', 'OpenFailedError'].includes(x)))
    return 'unavailable';
  return 'other';
}

/** One sentence, without the browser's or Dexie's wording. */
export function describeStorageProblem(error: unknown): string {
  switch (storageProblem(error)) {
    case 'full':
      return "this browser's storage is full";
    case 'unavailable':
      return 'this browser does not let the study store data (a private window, or site data switched off in its settings)';
    case 'other':
      return `this browser refused to save (${names(error)[0] ?? 'unknown error'})`;
  }
}

/** Whether this browser offers IndexedDB at all (without opening anything). */
export function indexedDbAvailable(): boolean {
  try {
    return typeof indexedDB !== 'undefined' && indexedDB !== null;
  } catch {
    return false;
  }
}
