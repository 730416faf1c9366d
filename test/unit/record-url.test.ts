import { describe, expect, it } from 'vitest';
import { lightningRecordUrl, recordFromUrl } from '../../src/lib/record-url';

const CONTACT = '003xx000004TmiQ';
const CONTACT18 = '003xx000004TmiQAAS';

describe('recordFromUrl', () => {
  it('reads Lightning record URLs in 15- and 18-character form', () => {
    const base = 'https://acme.lightning.force.com/lightning/r';
    expect(recordFromUrl(`${base}/Contact/${CONTACT}/view`)).toEqual({
      id: CONTACT18,
      object: 'Contact',
    });
    expect(recordFromUrl(`${base}/Contact/${CONTACT18}/view?ws=1`)).toEqual({
      id: CONTACT18,
      object: 'Contact',
    });
    expect(recordFromUrl(`${base}/${CONTACT18}/view`)).toEqual({
      id: CONTACT18,
      object: 'Contact',
    });
    expect(recordFromUrl(`${base}/Lead/00Qxx000001AbCd/view`)?.object).toBe('Lead');
    expect(recordFromUrl(`${base}/Account/001xx000003DGb2/view`)?.object).toBe('Account');
  });

  it('reads an 18-character Id pasted in lower case as the record it names', () => {
    const base = 'https://acme.lightning.force.com/lightning/r';
    expect(recordFromUrl(`${base}/Contact/${CONTACT18.toLowerCase()}/view`)).toEqual({
      id: CONTACT18,
      object: 'Contact',
    });
    expect(recordFromUrl(`https://acme.my.salesforce.com/${CONTACT18.toUpperCase()}`)?.id).toBe(
      CONTACT18,
    );
    // A 15-character Id has no checksum: its case is the only thing that tells records apart.
    expect(recordFromUrl(`${base}/Contact/${CONTACT.toLowerCase()}/view`)?.id).not.toBe(CONTACT18);
  });

  it('reads Classic record URLs', () => {
    expect(recordFromUrl(`https://acme.my.salesforce.com/${CONTACT}`)).toEqual({
      id: CONTACT18,
      object: 'Contact',
    });
    expect(recordFromUrl(`https://acme.my.salesforce.com/${CONTACT18}?srPos=0`)?.id).toBe(
      CONTACT18,
    );
  });

  it('ignores pages that are not person records', () => {
    for (const url of [
      'https://acme.lightning.force.com/lightning/page/home',
      'https://acme.lightning.force.com/lightning/o/Contact/list',
      'https://acme.lightning.force.com/lightning/r/Opportunity/006xx000001AbCd/view',
      'https://acme.lightning.force.com/lightning/r/Lead/003xx000004TmiQ/view',
      'https://acme.lightning.force.com/lightning/r/Contact/003xx000004TmiQAAT/view',
      `https://acme.my.salesforce.com/${CONTACT}/d`,
      `https://acme.lightning.force.com/one/one.app#/sObject/Contact/home`,
      `https://acme.lightning.force.com/one/one.app#/sObject/006xx000001AbCd/view`,
      `https://acme.lightning.force.com/lightning/r/Contact/${CONTACT}/clone`,
      `https://acme.lightning.force.com/lightning/r/Contact/${CONTACT}/related/Cases`,
      `https://acme.lightning.force.com/lightning/r/Account/${CONTACT}/view`,
      'https://acme.my.salesforce.com/home/home.jsp',
      'not a url',
    ]) {
      expect(recordFromUrl(url), url).toBeNull();
    }
  });

  // Every form a rep meets, as Salesforce writes them (Lightning, the old one.app format still in
  // bookmarks and emails, Classic), and the record each page is about.
  const LEAD = '00Qxx000001AbCd';
  const LEAD18 = '00Qxx000001AbCdEAK';
  const ACCOUNT = '001xx000003DGb2';
  const ACCOUNT18 = '001xx000003DGb2AAG';
  const lightning = 'https://acme.lightning.force.com';
  const classic = 'https://acme.my.salesforce.com';
  const REAL_URLS: ReadonlyArray<readonly [string, string]> = [
    [`${lightning}/lightning/r/Contact/${CONTACT18}/view`, CONTACT18],
    [`${lightning}/lightning/r/Contact/${CONTACT18}/view/`, CONTACT18],
    [`${lightning}/lightning/r/Contact/${CONTACT18}/edit`, CONTACT18],
    [
      `${lightning}/lightning/r/Contact/${CONTACT18}/edit?navigationLocation=DETAIL&backgroundContext=%2Flightning%2Fr%2FContact%2F${CONTACT18}%2Fview`,
      CONTACT18,
    ],
    [`${lightning}/lightning/r/Contact/${CONTACT18}/related/Cases/view`, CONTACT18],
    [
      `${lightning}/lightning/r/Contact/${CONTACT18}/related/CampaignMembers/view?ws=%2Flightning%2Fr%2FContact%2F${CONTACT18}%2Fview`,
      CONTACT18,
    ],
    [`${lightning}/lightning/r/Account/${ACCOUNT18}/related/Contacts/view`, ACCOUNT18],
    [`${lightning}/lightning/r/${CONTACT18}/view`, CONTACT18],
    [`${lightning}/lightning/r/${LEAD}/view`, LEAD18],
    [`${lightning}/lightning/r/contact/${CONTACT18}/view`, CONTACT18],
    [`${lightning}/lightning/r/CONTACT/${CONTACT}/view`, CONTACT18],
    [`${lightning}/lightning/r/lead/${LEAD}/edit`, LEAD18],
    [`${lightning}/lightning/r/account/${ACCOUNT}/view`, ACCOUNT18],
    [
      `${lightning}/lightning/r/Contact/${CONTACT18}/view?ws=%2Flightning%2Fr%2FAccount%2F${ACCOUNT18}%2Fview`,
      CONTACT18,
    ],
    [`${lightning}/one/one.app#/sObject/${CONTACT18}/view`, CONTACT18],
    [`${lightning}/one/one.app#/sObject/${LEAD}`, LEAD18],
    [`${lightning}/one/one.app#/sObject/${ACCOUNT}/view?a:t=1528881937286`, ACCOUNT18],
    [`${classic}/${CONTACT}`, CONTACT18],
    [`${classic}/${CONTACT}?srPos=0&srKp=003`, CONTACT18],
    [`${classic}/${CONTACT18}?nooverride=1`, CONTACT18],
    [`${classic}/${CONTACT}/e`, CONTACT18],
    [`${classic}/${CONTACT}/e?retURL=%2F${CONTACT}`, CONTACT18],
    [`${classic}/${LEAD}/e?retURL=%2F00Q%2Fo`, LEAD18],
    [
      `https://acme--uat.sandbox.lightning.force.com/lightning/r/Contact/${CONTACT18}/view`,
      CONTACT18,
    ],
    [`https://acme.lightning.crmforce.mil/lightning/r/Contact/${CONTACT18}/view`, CONTACT18],
    [`https://acme.lightning.force.com.mcas.ms/lightning/r/Contact/${CONTACT18}/view`, CONTACT18],
    [`https://acme.my.salesforce.com.mcas.ms/${CONTACT}`, CONTACT18],
  ];

  it.each(REAL_URLS)('finds the record of %s', (url, id) => {
    expect(recordFromUrl(url)?.id).toBe(id);
  });
});

describe('lightningRecordUrl', () => {
  it('links to the record on the Lightning host of its realm', () => {
    expect(lightningRecordUrl('https://acme.my.salesforce.com', 'Contact', CONTACT18)).toBe(
      `https://acme.lightning.force.com/lightning/r/Contact/${CONTACT18}/view`,
    );
    expect(
      lightningRecordUrl('https://acme--uat.sandbox.my.salesforce.com', 'Lead', CONTACT18),
    ).toBe(`https://acme--uat.sandbox.lightning.force.com/lightning/r/Lead/${CONTACT18}/view`);
    expect(lightningRecordUrl('https://acme.my.salesforce.mil', 'Contact', CONTACT18)).toBe(
      `https://acme.lightning.crmforce.mil/lightning/r/Contact/${CONTACT18}/view`,
    );
    expect(lightningRecordUrl('https://acme.my.salesforce.com.mcas.ms', 'Contact', CONTACT18)).toBe(
      `https://acme.lightning.force.com.mcas.ms/lightning/r/Contact/${CONTACT18}/view`,
    );
  });
});
