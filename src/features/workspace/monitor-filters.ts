import { SESSION_STATES, type MonitorSession, type SessionState } from '../../../core/protocol/lab.ts';
import type { LinkKind } from '../../../core/protocol/entry.ts';
import type { Recruitment } from '../../../core/records.ts';

// The sessions list's filters and summary, as pure functions of the server's list.

export interface MonitorFilter {
  states: readonly SessionState[];
  /** 'all', only sessions no exclusion rule flags, or only flagged ones. */
  exclusion: 'all' | 'included' | 'excluded';
  linkKind: LinkKind | 'all';
  /** Part of a participant id (case-insensitive). */
  text: string;
}

export const ALL_SESSIONS: MonitorFilter = { states: SESSION_STATES, exclusion: 'all', linkKind: 'all', text: '' };

export function filterSessions(sessions: readonly MonitorSession[], f: MonitorFilter): MonitorSession[] {
  const text = f.text.trim().toLowerCase();
  return sessions.filter(
    (s) =>
      f.states.includes(s.state) &&
      (f.exclusion === 'all' || (f.exclusion === 'included') === (s.excludedBy.length === 0)) &&
      (f.linkKind === 'all' || s.linkKind === f.linkKind) &&
      (!text || s.participantId.toLowerCase().includes(text)),
  );
}

export function countByState(sessions: readonly MonitorSession[]): Record<SessionState, number> {
  const out = Object.fromEntries(SESSION_STATES.map((s) => [s, 0])) as Record<SessionState, number>;
  for (const s of sessions) out[s.state]++;
  return out;
}

/** "12 s", "4 min", "3 h", "2 d" ago, from the server's clock. */
export function ago(iso: string, nowIso: string): string {
  const s = Math.max(0, (Date.parse(nowIso) - Date.parse(iso)) / 1000);
  if (s < 60) return `${Math.round(s)} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

export function bytesText(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export const fixed = (n: number | null, digits: number, unit = '') => (n === null ? '—' : `${n.toFixed(digits)}${unit}`);

/** The link's parameters in the order the recruitment site uses them. */
export function recruitmentText(r: Recruitment | null): string {
  if (!r) return '';
  if (r.kind === 'prolific') return `PROLIFIC_PID ${r.PROLIFIC_PID} · STUDY_ID ${r.STUDY_ID ?? '—'} · SESSION_ID ${r.SESSION_ID ?? '—'}`;
  if (r.kind === 'external') return `id ${r.id}`;
  return '';
}
