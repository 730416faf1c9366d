import { describe, expect, it } from 'vitest';
import { orgIdOfSession } from '../../src/lib/salesforce/sid';

describe('orgIdOfSession', () => {
  it('reads the org Id before the first "!" and gives its 18-character form', () => {
    expect(orgIdOfSession('00D5g000004tQzP!AQ4AQFq.x!y')).toBe('00D5g000004tQzPEAU');
  });

  it('refuses anything that does not start with an org Id', () => {
    expect(orgIdOfSession('')).toBeNull();
    expect(orgIdOfSession('abc!def')).toBeNull();
    expect(orgIdOfSession('0035g000004tQzP!x')).toBeNull();
  });
});
