import { describe, expect, it } from 'vitest';
import { challengeFor, pkcePair } from '../../src/lib/pkce';

describe('PKCE S256', () => {
  it('matches the example of RFC 7636, appendix B', async () => {
    expect(await challengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes a fresh, URL-safe verifier of the allowed length each time', async () => {
    const a = await pkcePair();
    const b = await pkcePair();
    expect(a.verifier).not.toBe(b.verifier);
    expect(a.verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(a.challenge).toBe(await challengeFor(a.verifier));
  });
});
