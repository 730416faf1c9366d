import { describe, expect, it } from 'vitest';
import { recordFromUrl } from '../../src/lib/record-url';

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
      `https://acme.my.salesforce.com/${CONTACT}/e`,
      'https://acme.my.salesforce.com/home/home.jsp',
      'not a url',
    ]) {
      expect(recordFromUrl(url), url).toBeNull();
    }
  });
});
