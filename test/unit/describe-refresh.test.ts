import { describe, expect, it } from 'vitest';
import {
  checkpointAmong,
  isFieldProblem,
  plansGrew,
} from '../../src/lib/reconcile/describe-refresh';
import { RunStopped } from '../../src/lib/reconcile/run-stopped';

describe('a describe refresh mid-run', () => {
  const all = ['Contact', 'Lead', 'PersonAccount'] as const;

  it('keeps the import on the kind it was reading, at its new place in the list', () => {
    const run = {
      phase: 'import',
      fullPass: false,
      checkpoint: { kindIndex: 1, afterId: '00Qa' },
    } as const;
    expect(checkpointAmong(run, all, ['Lead', 'PersonAccount'])).toEqual({
      kindIndex: 0,
      afterId: '00Qa',
    });
  });

  it('moves on to the next kind still synced when the one it was on is skipped now', () => {
    const run = {
      phase: 'import',
      fullPass: true,
      checkpoint: { kindIndex: 1, afterId: '00Qa' },
    } as const;
    expect(checkpointAmong(run, all, ['Contact', 'PersonAccount'])).toEqual({
      kindIndex: 1,
      afterId: null,
    });
    expect(checkpointAmong(run, all, ['Contact'])).toEqual({ kindIndex: 1, afterId: null });
    // Past every kind (rechecking removed records): past every kind still.
    const after = { ...run, checkpoint: { kindIndex: 3, afterId: null } };
    expect(checkpointAmong(after, all, ['Lead'])).toEqual({ kindIndex: 1, afterId: null });
  });

  it("leaves the export's and an incremental same-email phase's place in the store alone", () => {
    const checkpoint = { kindIndex: 0, afterId: '003z' };
    expect(checkpointAmong({ phase: 'export', fullPass: true, checkpoint }, all, ['Lead'])).toBe(
      checkpoint,
    );
    expect(
      checkpointAmong({ phase: 'same-email', fullPass: false, checkpoint }, all, ['Lead']),
    ).toBe(checkpoint);
  });

  it('says when the new plans read a field or kind the reads before did not', () => {
    const before = new Map([
      ['Contact', ['HasOptedOutOfEmail', 'Mkto__c']],
      ['Lead', ['HasOptedOutOfEmail']],
    ] as const);
    expect(plansGrew(before, new Map([['Contact', ['HasOptedOutOfEmail']]]))).toBe(false);
    expect(plansGrew(before, new Map([['Lead', ['HasOptedOutOfEmail', 'Mkto__c']]]))).toBe(true);
    expect(plansGrew(before, new Map([['PersonAccount', ['PersonHasOptedOutOfEmail']]]))).toBe(
      true,
    );
  });

  it('is set off by a refused field, thrown by jsforce or carried by a stopped run', () => {
    expect(isFieldProblem({ errorCode: 'INVALID_FIELD', message: "No such column 'X__c'" })).toBe(
      true,
    );
    expect(
      isFieldProblem(
        new RunStopped({
          ok: false,
          code: 'field-unavailable',
          errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        }),
      ),
    ).toBe(true);
    expect(isFieldProblem({ errorCode: 'UNABLE_TO_LOCK_ROW', message: 'busy' })).toBe(false);
    expect(isFieldProblem(new TypeError('fetch failed'))).toBe(false);
  });
});
describe('a describe refresh mid-run, with kinds read together (Composite)', () => {
  const all = ['Contact', 'Lead', 'PersonAccount'] as const;

  it('moves where the later kinds stand along with them', () => {
    const run = {
      phase: 'import',
      fullPass: false,
      checkpoint: { kindIndex: 1, afterId: '00Qa', later: { 2: '001b' } },
    } as const;
    expect(checkpointAmong(run, all, ['Lead', 'PersonAccount'])).toEqual({
      kindIndex: 0,
      afterId: '00Qa',
      later: { 1: '001b' },
    });
  });

  it('goes on with the next kind not done where it stood, when the current one is dropped', () => {
    const run = {
      phase: 'import',
      fullPass: true,
      checkpoint: { kindIndex: 0, afterId: '003a', later: { 1: 'done', 2: '001b' } },
    } as const;
    expect(checkpointAmong(run, all, ['Lead', 'PersonAccount'])).toEqual({
      kindIndex: 1,
      afterId: '001b',
    });
    expect(
      checkpointAmong(
        { ...run, checkpoint: { kindIndex: 0, afterId: '003a', later: { 1: '00Qc' } } },
        all,
        ['Lead', 'PersonAccount'],
      ),
    ).toEqual({ kindIndex: 0, afterId: '00Qc' });
  });
});
