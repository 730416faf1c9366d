import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { cookieOf, requestAs } from './helpers/emulator-client';

let emulator: Emulator;
let contactId: string;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 29, optedOutRate: 0 });
  contactId = emulator.org.samples.contact ?? '';
});
afterAll(() => emulator.close());

const lightning = (path: string) => requestAs(emulator, { host: emulator.lightningHost, path });
const myDomain = (path: string, headers: Record<string, string> = {}) =>
  requestAs(emulator, { host: emulator.myDomainHost, path, headers });

describe('Lightning pages', () => {
  it('renders a record page with its fields and the History API navigation script', async () => {
    const page = await lightning(`/lightning/r/Contact/${contactId}/view`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<title>Ada Lovelace | Contact | Salesforce</title>');
    expect(page.body).toContain('ada.lovelace@example.com');
    expect(page.body).toContain(
      'data-target-selection-name="sfdc:RecordField.Contact.HasOptedOutOfEmail"',
    );
    expect(page.body).toContain('Marketo Sales Opt Out');
    expect(page.body).toContain('history.pushState');
    expect(page.body).toContain("addEventListener('popstate'");
    expect(page.body).toContain('/__emulator/page-data?path=');
    // The model of Aura's force:refreshView (the record view redraws only on it, or a load).
    expect(page.body).toContain('window.$A = {');
    expect(page.body).toContain("name === 'e.force:refreshView'");
    expect(page.body).toMatch(/<a href="\/lightning\/r\/Lead\/00Q\w{15}\/view" data-record-id=/);
    const fifteen = await lightning(`/lightning/r/Contact/${contactId.slice(0, 15)}/view`);
    expect(fifteen.body).toContain('Ada Lovelace');
  });

  it('shows the current opt-out state after a reload', async () => {
    const checkbox =
      /sfdc:RecordField\.Contact\.HasOptedOutOfEmail"><span class="field-label">Email Opt Out<\/span><div class="field-value"><span class="slds-checkbox"><input type="checkbox" disabled( checked)?>/;
    expect(
      checkbox.exec((await lightning(`/lightning/r/Contact/${contactId}/view`)).body)?.[1],
    ).toBeUndefined();
    emulator.org.set(contactId, { HasOptedOutOfEmail: true });
    expect(
      checkbox.exec((await lightning(`/lightning/r/Contact/${contactId}/view`)).body)?.[1],
    ).toBe(' checked');
    emulator.org.set(contactId, { HasOptedOutOfEmail: false });
  });

  it('serves in-app navigation data, home, list views and a not-found view', async () => {
    const leadId = emulator.org.samples.lead ?? '';
    const data = await lightning(
      `/__emulator/page-data?path=${encodeURIComponent(`/lightning/r/Lead/${leadId}/view`)}`,
    );
    expect(JSON.parse(data.body)).toMatchObject({
      status: 200,
      title: 'Alan Turing | Lead | Salesforce',
      tab: 'Lead',
      html: expect.stringContaining('Bletchley Analytics'),
    });
    expect((await lightning('/lightning/page/home')).status).toBe(200);
    expect((await lightning('/lightning/o/Account/list')).body).toContain('Marie Curie');
    const missing = await lightning('/lightning/r/Contact/003000000000000AAA/view');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain("Looks like there's a problem.");
    expect(emulator.log.count({ kind: 'page-data' })).toBe(1);
  });

  it('can render after load, as real Lightning does', async () => {
    const delayed = await startEmulator({ seed: 29, lightningRenderDelayMs: 200 });
    try {
      const page = await requestAs(delayed, {
        host: delayed.lightningHost,
        path: `/lightning/r/Contact/${delayed.org.samples.contact ?? ''}/view`,
      });
      expect(page.body).toContain('<main id="main-content" class="oneContent" role="main"></main>');
      expect(page.body).toContain('setTimeout(() => render(location.pathname), 200)');
    } finally {
      await delayed.close();
    }
  });

  it('redirects API calls on the Lightning host to My Domain, and Lightning paths the other way', async () => {
    const api = await lightning('/services/data/v62.0/limits');
    expect(api.status).toBe(302);
    expect(api.headers.location).toBe(
      `https://${emulator.myDomainHost}/services/data/v62.0/limits`,
    );
    const page = await myDomain('/lightning/page/home');
    expect(page.headers.location).toBe(`https://${emulator.lightningHost}/lightning/page/home`);
  });
});

describe('Classic pages', () => {
  it('renders /<Id> on the My Domain host with checkbox images', async () => {
    emulator.org.set(contactId, { mkto_si__Marketo_Sales_Opt_Out__c: true });
    const page = await myDomain(`/${contactId.slice(0, 15)}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h2 class="pageDescription">Ada Lovelace</h2>');
    expect(page.body).toMatch(
      /id="mkto_si__Marketo_Sales_Opt_Out__c_ileinner"><img [^>]*alt="Checked"/,
    );
    expect(page.body).toMatch(/id="HasOptedOutOfEmail_ileinner"><img [^>]*alt="Not Checked"/);
    // Classic is no Aura app: nothing there answers a refresh of the view.
    expect(page.body).not.toContain('$A');
    expect((await myDomain('/003000000000000AAA')).status).toBe(404);
    expect(emulator.log.count({ kind: 'page-classic' })).toBe(2);
  });
});

describe('every record URL a rep meets', () => {
  it('serves Lightning record pages in each form: edit, related list, no object, any case', async () => {
    const id15 = contactId.slice(0, 15);
    for (const path of [
      `/lightning/r/Contact/${contactId}/edit`,
      `/lightning/r/Contact/${contactId}/related/Cases/view`,
      `/lightning/r/${contactId}/view`,
      `/lightning/r/contact/${id15}/view`,
      `/lightning/r/CONTACT/${contactId}/view/`,
    ]) {
      const page = await lightning(path);
      expect(page.status, path).toBe(200);
      expect(page.body, path).toContain(`data-record-id="${contactId}"`);
    }
    expect((await lightning(`/lightning/r/Contact/${contactId}/edit`)).body).toContain(
      'role="dialog"',
    );
    const related = await lightning(
      `/__emulator/page-data?path=${encodeURIComponent(`/lightning/r/${id15}/related/Cases/view`)}`,
    );
    // Whatever form was asked for, the page knows the record's canonical path.
    expect(JSON.parse(related.body)).toMatchObject({
      status: 200,
      title: 'Cases | Ada Lovelace | Contact | Salesforce',
      path: `/lightning/r/Contact/${contactId}/view`,
    });
  });

  it('serves the old one.app shell, whose script rewrites the hash to the new URL in place', async () => {
    const shell = await lightning('/one/one.app');
    expect(shell.status).toBe(200);
    expect(shell.body).toContain("=== '/one/one.app'");
    expect(shell.body).toContain('history.replaceState');
    // The server never sees the hash: the page's script asks for the record's canonical path.
    expect((await myDomain('/one/one.app')).status).toBe(404);
  });

  it('serves Classic detail pages with query strings and edit pages at /<Id>/e', async () => {
    const id15 = contactId.slice(0, 15);
    const detail = await myDomain(`/${id15}?srPos=0&srKp=003`);
    expect(detail.body).toContain(`data-record-id="${contactId}"`);
    const edit = await myDomain(`/${id15}/e?retURL=%2F${id15}`);
    expect(edit.status).toBe(200);
    expect(edit.body).toContain('<h1 class="pageType">Contact Edit</h1>');
    expect(edit.body).toContain(`data-record-id="${contactId}"`);
  });
});

describe('login and sid cookies', () => {
  it('logs in on My Domain, hops through frontdoor, and sets an API-capable sid on both hosts', async () => {
    const form = await myDomain('/');
    expect(form.body).toContain('id="username"');
    expect(form.body).toContain('id="Login"');
    const login = await requestAs(emulator, {
      host: emulator.myDomainHost,
      path: '/',
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        username: 'sam.rivera@acme.example.com',
        pw: 'x',
        startURL: `/lightning/r/Contact/${contactId}/view`,
      }).toString(),
    });
    expect(login.status).toBe(302);
    expect(String(login.headers['set-cookie'])).toMatch(
      /^sid=00D\w{12}!\S+; Path=\/; Secure; SameSite=None$/,
    );
    const hop = new URL(String(login.headers.location));
    expect(hop.host).toBe(emulator.lightningHost);
    expect(hop.pathname).toBe('/secur/frontdoor.jsp');
    const landed = await lightning(`${hop.pathname}${hop.search}`);
    expect(landed.status).toBe(302);
    expect(landed.headers.location).toBe(`/lightning/r/Contact/${contactId}/view`);
    expect(cookieOf(landed)).toBe(cookieOf(login));

    const sid = cookieOf(login).slice('sid='.length);
    const api = await myDomain('/services/data/v62.0/limits', { authorization: `Bearer ${sid}` });
    expect(api.status).toBe(200);
    const home = await myDomain('/', { cookie: cookieOf(login) });
    expect(home.headers.location).toBe(`https://${emulator.lightningHost}/lightning/page/home`);
    const bad = await lightning('/secur/frontdoor.jsp?sid=nope&retURL=/lightning/page/home');
    expect(String(bad.headers.location)).toMatch(
      new RegExp(`^https://${emulator.myDomainHost}/\\?startURL=`),
    );
  });
});
