import { describe, expect, it } from 'vitest';
import type { MonitorSession } from '../../../core/protocol/lab.ts';
import { ago, ALL_SESSIONS, bytesText, countByState, filterSessions } from './monitor-filters.ts';

const session = (
  participantId: string,
  state: MonitorSession['state'],
  excludedBy: string[] = [],
  linkKind: MonitorSession['linkKind'] = 'prolific',
) => ({ participantId, state, excludedBy, linkKind }) as MonitorSession;

const list = [
  session('P_one', 'complete'),
  session('P_two', 'in progress', ['tracking loss 30.0 % > 10 %']),
  session('lab_3', 'abandoned', [], 'named'),
  session('P_four', 'consented'),
];

describe('the sessions list filters', () => {
  it('filters by state, exclusion, link kind and id', () => {
    const ids = (f: Partial<typeof ALL_SESSIONS>) => filterSessions(list, { ...ALL_SESSIONS, ...f }).map((s) => s.participantId);
    expect(ids({})).toEqual(['P_one', 'P_two', 'lab_3', 'P_four']);
    expect(ids({ states: ['complete', 'in progress'] })).toEqual(['P_one', 'P_two']);
    expect(ids({ exclusion: 'excluded' })).toEqual(['P_two']);
    expect(ids({ exclusion: 'included' })).toEqual(['P_one', 'lab_3', 'P_four']);
    expect(ids({ linkKind: 'named' })).toEqual(['lab_3']);
    expect(ids({ text: ' p_T' })).toEqual(['P_two']);
  });

  it('counts sessions by state and words times and sizes', () => {
    expect(countByState(list)).toEqual({ consented: 1, 'in progress': 1, complete: 1, abandoned: 1 });
    const now = '2026-12-01T10:00:00.000Z';
    expect(ago('2026-12-01T09:59:58.000Z', now)).toBe('2 s ago');
    expect(ago('2026-12-01T09:30:00.000Z', now)).toBe('30 min ago');
    expect(ago('2026-11-28T10:00:00.000Z', now)).toBe('3 d ago');
    expect(bytesText(512)).toBe('512 B');
    expect(bytesText(460_000)).toBe('449.2 KB');
    expect(bytesText(3_500_000)).toBe('3.3 MB');
  });
});
