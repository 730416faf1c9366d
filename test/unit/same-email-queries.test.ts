import { describe, expect, it } from 'vitest';
import {
  MAX_REQUEST_URI_BYTES,
  queryUriBytes,
  sameEmailSoql,
  soqlString,
} from '../../src/lib/reconcile/queries';
import { sameEmailScopes, type SameEmailScope } from '../../src/lib/same-email';

const [contact, lead, personAccount] = sameEmailScopes(['Contact', 'Lead', 'PersonAccount']) as [
  SameEmailScope,
  SameEmailScope,
  SameEmailScope,
];
const FIELDS = ['HasOptedOutOfEmail'];

/**
 * The request URI a query reaches Salesforce with, at the product's API version: jsforce's
 * `?q=` + encodeURIComponent(soql), as the URL parser of `fetch` leaves it (it encodes quotes).
 */
const uriBytes = (soql: string) => {
  const url = new URL(
    `https://acme.my.salesforce.com/services/data/v62.0/query?q=${encodeURIComponent(soql)}`,
  );
  return url.pathname.length + url.search.length;
};

/** The addresses an `IN` list of a query holds, read back from its literals. */
function addressesIn(soql: string): string[] {
  const list = /IN \((.*)\) AND|IN \((.*)\) ORDER BY/.exec(soql);
  const literals = (list?.[1] ?? list?.[2] ?? '').matchAll(/'((?:[^'\\]|\\.)*)'/g);
  return [...literals].map((m) => (m[1] ?? '').replace(/\\(.)/g, '$1'));
}

describe('the same-email lookup SOQL', () => {
  it('reads each kind by its email field, with its filters, in Id order', () => {
    const addresses = ['ada@example.com', 'Bob@Example.com'];
    expect(sameEmailSoql({ scope: contact, fields: FIELDS, addresses })).toEqual([
      "SELECT Id, Name, Email, HasOptedOutOfEmail FROM Contact WHERE Email IN ('ada@example.com', 'Bob@Example.com') AND IsPersonAccount = false ORDER BY Id",
    ]);
    expect(sameEmailSoql({ scope: lead, fields: FIELDS, addresses: ['ada@example.com'] })).toEqual([
      "SELECT Id, Name, Email, HasOptedOutOfEmail FROM Lead WHERE Email IN ('ada@example.com') AND IsConverted = false ORDER BY Id",
    ]);
    expect(
      sameEmailSoql({
        scope: personAccount,
        fields: ['PersonHasOptedOutOfEmail', 'Sales_Opt_Out__pc'],
        addresses: ['ada@example.com'],
      }),
    ).toEqual([
      "SELECT Id, Name, PersonEmail, PersonHasOptedOutOfEmail, Sales_Opt_Out__pc FROM Account WHERE PersonEmail IN ('ada@example.com') AND IsPersonAccount = true ORDER BY Id",
    ]);
    expect(sameEmailSoql({ scope: lead, fields: FIELDS, addresses: [] })).toEqual([]);
  });

  it('escapes quotes and backslashes, so an address cannot end its literal', () => {
    expect(soqlString("o'brien@example.com")).toBe("'o\\'brien@example.com'");
    expect(soqlString('back\\slash@example.com')).toBe("'back\\\\slash@example.com'");
    expect(soqlString('"quoted"@example.com')).toBe('\'\\"quoted\\"@example.com\'');
    expect(soqlString("x\\' OR Id != '")).toBe("'x\\\\\\' OR Id != \\''");
    expect(soqlString('tab\there\n')).toBe("'tab\\u0009here\\u000a'");
    expect(soqlString('jürgen@exämple.de')).toBe("'jürgen@exämple.de'");
    const [soql = ''] = sameEmailSoql({
      scope: lead,
      fields: FIELDS,
      addresses: ["o'brien@example.com", 'a\\b@example.com'],
    });
    expect(soql).toContain("Email IN ('o\\'brien@example.com', 'a\\\\b@example.com')");
    expect(addressesIn(soql)).toEqual(["o'brien@example.com", 'a\\b@example.com']);
  });

  it("reads the card's extra fields, a parent's field included, in the same query; none by default", () => {
    expect(
      sameEmailSoql({
        scope: contact,
        fields: FIELDS,
        addresses: ['ada@example.com'],
        extra: ['Account.Name'],
      }),
    ).toEqual([
      "SELECT Id, Name, Email, HasOptedOutOfEmail, Account.Name FROM Contact WHERE Email IN ('ada@example.com') AND IsPersonAccount = false ORDER BY Id",
    ]);
    expect(
      sameEmailSoql({ scope: lead, fields: FIELDS, addresses: ['a@b.c'], extra: ['Company'] }),
    ).toEqual([
      "SELECT Id, Name, Email, HasOptedOutOfEmail, Company FROM Lead WHERE Email IN ('a@b.c') AND IsConverted = false ORDER BY Id",
    ]);
    for (const path of ['Account.Name FROM User --', 'Account..Name', '.Name', 'Account.']) {
      expect(
        () =>
          sameEmailSoql({ scope: contact, fields: FIELDS, addresses: ['a@b.c'], extra: [path] }),
        path,
      ).toThrow(/unsafe name/);
    }
  });

  it('refuses a field name that is not a plain API name', () => {
    expect(() =>
      sameEmailSoql({ scope: lead, fields: ['X__c FROM User --'], addresses: ['a@b.c'] }),
    ).toThrow(/unsafe name/);
  });

  it('splits many long addresses into queries whose URIs stay under 16,384 bytes', () => {
    // 80 characters, Salesforce's longest Email, with a quote and a backslash to escape.
    const addresses = Array.from(
      { length: 1500 },
      (_, i) => `o'n\\${String(i).padStart(5, '0')}.${'x'.repeat(50)}@example-company.com`,
    );
    expect(addresses.every((a) => a.length === 80)).toBe(true);
    const queries = sameEmailSoql({ scope: contact, fields: FIELDS, addresses });
    expect(queries.length).toBeGreaterThan(1);
    for (const soql of queries) {
      expect(uriBytes(soql)).toBeLessThan(MAX_REQUEST_URI_BYTES);
      expect(queryUriBytes(soql)).toBeLessThan(MAX_REQUEST_URI_BYTES);
      expect(soql).toMatch(/ AND IsPersonAccount = false ORDER BY Id$/);
    }
    // Every address exactly once, in order; and no query much shorter than it could be.
    expect(queries.flatMap(addressesIn)).toEqual(addresses);
    for (const soql of queries.slice(0, -1)) expect(uriBytes(soql)).toBeGreaterThan(15_000);
  });

  it('counts a non-ASCII address by its URL-encoded bytes, not its characters', () => {
    const addresses = Array.from({ length: 300 }, (_, i) => `jürgen.müller.${i}@exämple-ö.de`);
    const queries = sameEmailSoql({ scope: lead, fields: FIELDS, addresses });
    // As characters the list would fit in one query, but each ü, ä, ö is 6 bytes in the URI.
    expect(addresses.join("', '").length).toBeLessThan(12_000);
    expect(queries.length).toBeGreaterThan(1);
    for (const soql of queries) expect(uriBytes(soql)).toBeLessThan(MAX_REQUEST_URI_BYTES);
    expect(queries.flatMap(addressesIn)).toEqual(addresses);
  });
});
