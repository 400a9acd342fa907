import type { FirstTask } from '../records.ts';
import type { StudyConfig } from './schema.ts';

/** FNV-1a, for ids without a trailing number. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Which block comes first for a participant. Counterbalanced ids alternate by their trailing number
 * (`LAB_1` free browsing first, `LAB_2` search first, …) so a run of sequential ids is balanced;
 * ids without a number fall back to a hash.
 */
export function firstTaskFor(participantId: string, policy: StudyConfig['blockOrder']): FirstTask {
  if (policy === 'free_first') return 'Free_browsing';
  if (policy === 'search_first') return 'Semi_free_direct_search';
  const m = /(\d+)\s*$/.exec(participantId);
  const n = m ? Number(m[1]) : hash(participantId);
  return n % 2 === 1 ? 'Free_browsing' : 'Semi_free_direct_search';
}

/** Participant ids assigned by the app: `<site>_<n>`. */
export function sequentialParticipantId(site: string, n: number): string {
  return `${site}_${n}`;
}
