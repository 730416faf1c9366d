import { describe, expect, it } from 'vitest';
import { pageFieldsAfter } from '../../src/lib/page-fields';

describe('pageFieldsAfter', () => {
  it('refreshes the page once a write reached Salesforce: a confirmation, an Undo of one', () => {
    for (const before of ['none', 'pending', 'failed', 'undone'] as const) {
      expect(pageFieldsAfter(before, 'confirmed', false), before).toBe('refresh');
    }
    expect(pageFieldsAfter('confirmed', 'undone', false)).toBe('refresh');
  });

  it("asks nothing at the card's first read, nor for a status that did not change", () => {
    for (const after of ['none', 'pending', 'confirmed', 'failed', 'undone'] as const) {
      expect(pageFieldsAfter(null, after, false), after).toBe('nothing');
    }
    expect(pageFieldsAfter('confirmed', 'confirmed', true)).toBe('nothing');
  });

  it('asks nothing while nothing was written: a click waiting or refused, an Undo before the send', () => {
    expect(pageFieldsAfter('none', 'pending', false)).toBe('nothing');
    expect(pageFieldsAfter('pending', 'failed', false)).toBe('nothing');
    expect(pageFieldsAfter('pending', 'undone', false)).toBe('nothing');
  });

  it('lets a page never refreshed agree again when an Undo restores what it still shows', () => {
    expect(pageFieldsAfter('confirmed', 'undone', true)).toBe('agree');
    expect(pageFieldsAfter('pending', 'undone', true)).toBe('nothing');
  });
});
