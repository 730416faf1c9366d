import { describe, expect, it } from 'vitest';
import { MAX_REMOVE_IDS, parseOptionsRequest } from '../../src/lib/options-messages';

const ORG = '00D5g000004EXAMEA4';
const CONTACT = '0035g00000AbCdEAAV';
const LEAD = '00Q5g00000XyZwVEAV';

describe('parseOptionsRequest: Remove (R6)', () => {
  it("accepts the request for a person's records, with one valid record Id", () => {
    expect(parseOptionsRequest({ type: 'unsubscribe-person', orgId: ORG, recordId: LEAD })).toEqual(
      { type: 'unsubscribe-person', orgId: ORG, recordId: LEAD },
    );
    for (const recordId of [undefined, '', 'not-an-id', [LEAD], CONTACT.toLowerCase() + 'x']) {
      expect(parseOptionsRequest({ type: 'unsubscribe-person', orgId: ORG, recordId })).toBeNull();
    }
    expect(parseOptionsRequest({ type: 'unsubscribe-person', orgId: LEAD, recordId: LEAD })).toBe(
      null,
    );
  });

  it('accepts a removal of one or more valid record Ids, each once', () => {
    expect(
      parseOptionsRequest({ type: 'unsubscribe-remove', orgId: ORG, recordIds: [CONTACT, LEAD] }),
    ).toEqual({ type: 'unsubscribe-remove', orgId: ORG, recordIds: [CONTACT, LEAD] });
    expect(
      parseOptionsRequest({ type: 'unsubscribe-remove', orgId: ORG, recordIds: [LEAD, LEAD] }),
    ).toEqual({ type: 'unsubscribe-remove', orgId: ORG, recordIds: [LEAD] });
  });

  it('refuses a removal without Ids, with a bad one, with too many, or with the old single Id', () => {
    const refused = [
      { recordIds: [] },
      { recordIds: LEAD },
      { recordIds: [LEAD, 'bad'] },
      { recordIds: [LEAD, 42] },
      { recordIds: [LEAD, null] },
      { recordIds: Array.from({ length: MAX_REMOVE_IDS + 1 }, () => LEAD) },
      { recordId: LEAD },
    ];
    for (const shape of refused) {
      expect(parseOptionsRequest({ type: 'unsubscribe-remove', orgId: ORG, ...shape })).toBeNull();
    }
    expect(
      parseOptionsRequest({ type: 'unsubscribe-remove', orgId: 'nope', recordIds: [LEAD] }),
    ).toBeNull();
  });

  it('takes as many Ids as the bound allows', () => {
    const many = Array.from({ length: MAX_REMOVE_IDS }, () => CONTACT);
    expect(
      parseOptionsRequest({ type: 'unsubscribe-remove', orgId: ORG, recordIds: many }),
    ).toEqual({ type: 'unsubscribe-remove', orgId: ORG, recordIds: [CONTACT] });
  });
});
