import { describe, expect, it } from 'vitest';
import { matchesSearch, matchesState, STATE_FILTERS } from '../../src/lib/unsubscribe-filter';

const ana = {
  name: 'Ana Lima',
  email: 'ana.lima@example.com',
  recordId: '0035g00000AbCdEAAV',
  status: 'pending',
} as const;

describe('the unsubscribe filters', () => {
  it('searches name, email and record Id, ignoring case and surrounding spaces', () => {
    expect(matchesSearch(ana, '  LIMA ')).toBe(true);
    expect(matchesSearch(ana, 'example.com')).toBe(true);
    expect(matchesSearch(ana, '0035g00000abcde')).toBe(true);
    expect(matchesSearch(ana, '')).toBe(true);
    expect(matchesSearch({ ...ana, email: null }, 'example')).toBe(false);
  });

  it('filters by state: Waiting is pending, Undone only under All', () => {
    expect(STATE_FILTERS.filter((state) => matchesState(ana, state))).toEqual(['all', 'waiting']);
    expect(
      STATE_FILTERS.filter((state) => matchesState({ ...ana, status: 'undone' }, state)),
    ).toEqual(['all']);
  });
});
