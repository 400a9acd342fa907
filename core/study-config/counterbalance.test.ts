import { describe, expect, it } from 'vitest';
import { firstTaskFor, sequentialParticipantId } from './counterbalance.ts';

describe('firstTaskFor()', () => {
  it('alternates sequential ids so any run of participants is balanced', () => {
    const ids = Array.from({ length: 10 }, (_, i) => sequentialParticipantId('LAB', i + 1));
    const first = ids.map((id) => firstTaskFor(id, 'counterbalanced'));
    expect(first.filter((f) => f === 'Free_browsing')).toHaveLength(5);
    expect(first[0]).toBe('Free_browsing');
    expect(first[1]).toBe('Semi_free_direct_search');
  });
  it('is stable for ids without a number and obeys fixed policies', () => {
    expect(firstTaskFor('alice', 'counterbalanced')).toBe(firstTaskFor('alice', 'counterbalanced'));
    expect(firstTaskFor('LAB_2', 'free_first')).toBe('Free_browsing');
    expect(firstTaskFor('LAB_1', 'search_first')).toBe('Semi_free_direct_search');
  });
});
