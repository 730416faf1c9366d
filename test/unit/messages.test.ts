import { describe, expect, it } from 'vitest';
import { parseRequest } from '../../src/lib/messages';
import { isExtensionPage, isTrustedSender, senderDocument } from '../../src/lib/sender';

const PAGE = 'https://acme.lightning.force.com/lightning/r/Contact/003xx000004TmiQ/view';
const EXT = 'pkfoaobbgnkoehmgficncbgchdibapde';
const SELF = { id: EXT, origin: `chrome-extension://${EXT}` };

describe('parseRequest', () => {
  it('accepts a ping and a record-state request, normalizing the Id', () => {
    expect(parseRequest({ type: 'ping' })).toEqual({ type: 'ping' });
    expect(
      parseRequest({ type: 'record-state', recordId: '003xx000004TmiQ', pageUrl: PAGE }),
    ).toEqual({
      type: 'record-state',
      record: { id: '003xx000004TmiQAAS', object: 'Contact' },
      pageUrl: PAGE,
    });
  });

  it('accepts every record action the content script sends, and nothing else', () => {
    for (const type of [
      'record-state',
      'unsubscribe-status',
      'unsubscribe',
      'undo',
      'retry',
      'refresh-page',
    ]) {
      expect(parseRequest({ type, recordId: '00Qxx000001AbCd', pageUrl: PAGE })).toMatchObject({
        type,
        record: { object: 'Lead' },
      });
    }
    expect(parseRequest({ type: 'delete', recordId: '00Qxx000001AbCd', pageUrl: PAGE })).toBeNull();
    expect(
      parseRequest({
        type: 'unsubscribe',
        recordId: '00Qxx000001AbCd',
        pageUrl: PAGE,
        fields: ['X'],
      }),
    ).toBeNull();
  });

  it('refuses bad shapes, bad Ids, unknown objects and foreign pages', () => {
    for (const message of [
      null,
      'ping',
      [],
      { type: 'ping', extra: 1 },
      { type: 'unknown' },
      { type: 'record-state', recordId: 42, pageUrl: PAGE },
      { type: 'record-state', recordId: '003xx000004TmiQAAT', pageUrl: PAGE },
      { type: 'record-state', recordId: '006xx000001AbCd', pageUrl: PAGE },
      {
        type: 'record-state',
        recordId: '003xx000004TmiQ',
        pageUrl: 'https://evil.com/lightning/r/x',
      },
      {
        type: 'record-state',
        recordId: '003xx000004TmiQ',
        pageUrl: 'http://acme.lightning.force.com/',
      },
      { type: 'record-state', recordId: '003xx000004TmiQ' },
    ]) {
      expect(parseRequest(message), JSON.stringify(message)).toBeNull();
    }
  });
});

describe('isTrustedSender', () => {
  it('trusts the extension pages and its content script on Salesforce pages', () => {
    expect(
      isTrustedSender({ id: EXT, url: `chrome-extension://${EXT}/src/options/index.html` }, SELF),
    ).toBe(true);
    expect(isTrustedSender({ id: EXT, url: PAGE, tab: {} }, SELF)).toBe(true);
  });

  it('trusts its content script on the optional realms, and on no lookalike of them', () => {
    for (const host of ['acme.lightning.crmforce.mil', 'acme.lightning.force.com.mcas.ms']) {
      const url = `https://${host}/lightning/r/Contact/003xx000004TmiQ/view`;
      expect(isTrustedSender({ id: EXT, url, tab: {} }, SELF), host).toBe(true);
    }
    for (const host of ['acme.lightning.crmforce.mil.evil.com', 'acme.evil.mcas.ms']) {
      const url = `https://${host}/lightning/r/Contact/003xx000004TmiQ/view`;
      expect(isTrustedSender({ id: EXT, url, tab: {} }, SELF), host).toBe(false);
    }
  });

  it('trusts Firefox pages by their moz-extension origin, not by the gecko id', () => {
    const firefox = { id: 'sync@example.com', origin: 'moz-extension://6f1c2d3e-uuid' };
    const options = `${firefox.origin}/src/options/index.html`;
    expect(isTrustedSender({ id: firefox.id, url: options }, firefox)).toBe(true);
    expect(isExtensionPage({ id: firefox.id, url: options }, firefox)).toBe(true);
    expect(isExtensionPage({ id: firefox.id, url: PAGE, tab: {} }, firefox)).toBe(false);
    const spoofed = 'moz-extension://sync@example.com/src/options/index.html';
    expect(isTrustedSender({ id: firefox.id, url: spoofed }, firefox)).toBe(false);
  });

  it('refuses other extensions, other pages and senders without a tab', () => {
    expect(isTrustedSender({ id: 'other', url: PAGE, tab: {} }, SELF)).toBe(false);
    expect(isTrustedSender({ id: EXT, url: 'https://evil.com/', tab: {} }, SELF)).toBe(false);
    expect(isTrustedSender({ id: EXT, url: PAGE }, SELF)).toBe(false);
    expect(isTrustedSender({ id: EXT, url: 'chrome-extension://other/x.html' }, SELF)).toBe(false);
    expect(isTrustedSender({ id: EXT }, SELF)).toBe(false);
  });
});

describe('senderDocument', () => {
  it("names the content script's tab, frame and document, the one a page refresh may reach", () => {
    expect(
      senderDocument({ id: EXT, url: PAGE, tab: { id: 7 }, frameId: 0, documentId: 'D1' }),
    ).toEqual({ tabId: 7, frameId: 0, documentId: 'D1' });
    expect(senderDocument({ id: EXT, url: PAGE, tab: { id: 7 }, frameId: 3 })).toEqual({
      tabId: 7,
      frameId: 3,
    });
  });

  it('is null for an extension page, which has no tab, or a sender without a frame', () => {
    expect(
      senderDocument({ id: EXT, url: `chrome-extension://${EXT}/src/options/index.html` }),
    ).toBeNull();
    expect(senderDocument({ id: EXT, url: PAGE, tab: {}, frameId: 0 })).toBeNull();
    expect(senderDocument({ id: EXT, url: PAGE, tab: { id: 7 } })).toBeNull();
  });
});
