import { describe, expect, it } from 'vitest';
import { isPersonActivation } from '../../src/content/person-activation';

describe('isPersonActivation', () => {
  it('refuses an event a script made: `.click()` and `dispatchEvent` are never trusted', () => {
    expect(isPersonActivation(new Event('click'))).toBe(false);
    expect(isPersonActivation(new CustomEvent('click', { bubbles: true }))).toBe(false);
  });

  it('accepts what the browser made from a person’s pointer or keyboard', () => {
    expect(isPersonActivation({ isTrusted: true })).toBe(true);
  });
});
