import type { Org } from '../data/org';
import { OBJECT_NAMES } from '../data/schema';
import type { Handler } from '../http/context';
import { html, json } from '../http/reply';
import { objectIcon, valueMarkup } from './field-markup';
import { escapeHtml, htmlDocument } from './html';
import {
  listRecords,
  recentLinks,
  recordView,
  type RecordView,
  type ViewField,
} from './record-view';

/**
 * Lightning Experience pages. The first load is rendered by the server; after that the page is a
 * single-page app like real Lightning: links change the URL with history.pushState and the main
 * area is re-rendered from /__emulator/page-data, with no page load; back/forward work.
 *
 * The record URLs Lightning serves (Salesforce's "Here's What You Need To Know About The New URL
 * Format For Lightning",
 * https://developer.salesforce.com/blogs/2018/01/heres-need-know-new-url-format-lightning.html):
 * `/lightning/r/<Object>/<Id>/view` (the object name in any case, or left out), the edit form over
 * the record (`/edit`), a related list of the record (`/related/<List>/view`), and the format
 * before Summer '18, `/one/one.app#/sObject/<Id>/view`, which the app itself rewrites to the new
 * one in place (history.replaceState, no page load), as Lightning does for old bookmarks.
 */

const CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:"Salesforce Sans",-apple-system,"Segoe UI",Arial,sans-serif;font-size:13px;color:#181818;background:#b0c4df}
a{color:#0b5cab;text-decoration:none}a:hover{text-decoration:underline}
.slds-global-header{display:flex;align-items:center;gap:16px;height:50px;padding:0 16px;background:#0176d3;color:#fff}
.waffle{display:grid;grid-template-columns:repeat(3,4px);gap:3px}.waffle i{width:4px;height:4px;border-radius:50%;background:#fff}
.app-name{font-size:18px;font-weight:300}
.search{flex:1;max-width:480px;margin:0 auto;padding:7px 12px;border:0;border-radius:4px;background:#fff;color:#706e6b}
.avatar{width:32px;height:32px;border-radius:50%;background:#fff;color:#0176d3;display:flex;align-items:center;justify-content:center;font-weight:700}
.slds-context-bar{display:flex;height:40px;padding:0 12px;background:#fff;border-bottom:3px solid #0176d3}
.slds-context-bar a{display:flex;align-items:center;padding:0 14px;color:#181818;border-bottom:3px solid transparent;margin-bottom:-3px}
.slds-context-bar a.active{border-bottom-color:#0176d3;font-weight:700}
.layout{display:flex;gap:12px;padding:12px}
.recent{width:220px;flex:none;background:#fff;border-radius:4px;padding:12px;align-self:flex-start}
.recent h2{font-size:14px;margin:0 0 8px}.recent ul{list-style:none;margin:0;padding:0}
.recent li{display:flex;gap:8px;align-items:center;padding:5px 0}
.oneContent{flex:1;min-width:0}
.slds-page-header{display:block;background:#fff;border-radius:4px;padding:16px;margin-bottom:12px;box-shadow:0 2px 2px rgba(0,0,0,.1)}
.header-row{display:flex;gap:12px;align-items:center}
.entity{margin:0;font-size:12px;color:#444}
.record-name{margin:0;font-size:20px;font-weight:700}
.highlights-fields{display:flex;gap:40px;list-style:none;margin:16px 0 0;padding:0}
.field-label{display:block;color:#444;font-size:12px;margin-bottom:2px}
.card{background:#fff;border-radius:4px;padding:16px;box-shadow:0 2px 2px rgba(0,0,0,.1)}
.card h2{font-size:16px;margin:0 0 12px}
.details{display:grid;grid-template-columns:1fr 1fr;gap:0 32px}
.details .field{border-bottom:1px solid #e5e5e5;padding:8px 0;min-height:48px}
input[type=checkbox]{width:16px;height:16px;margin:0}
table.list{width:100%;border-collapse:collapse;background:#fff}
table.list th,table.list td{text-align:left;padding:8px;border-bottom:1px solid #e5e5e5}
.empty{padding:32px;text-align:center;color:#444}`;

/**
 * The page's own script. With a render delay the server sends an empty main area and the script
 * fills it later, as real Lightning renders records after the page has loaded.
 *
 * The main area is drawn from what the org holds at that moment and a write through the API
 * leaves it as it was, as Lightning's record view keeps the values it loaded: only a navigation,
 * a page load or Aura's `force:refreshView` event draws it again. `window.$A` is a model of that
 * one event, not Aura: its documented use (Lightning Aura Components Developer Guide,
 * "force:refreshView",
 * https://developer.salesforce.com/docs/component-library/bundle/force:refreshView) is
 * `$A.get('e.force:refreshView').fire()`, which "reloads data for standard components" without a
 * page reload; `fire()` returns nothing. Classic pages have no `$A`.
 */
function navigationScript(renderDelayMs: number): string {
  return `
(() => {
  const main = document.getElementById('main-content');
  async function render(path) {
    const response = await fetch('/__emulator/page-data?path=' + encodeURIComponent(path), { credentials: 'same-origin' });
    const view = await response.json();
    main.innerHTML = view.html;
    document.title = view.title;
    for (const tab of document.querySelectorAll('.slds-context-bar a')) {
      tab.classList.toggle('active', tab.dataset.tab === view.tab);
    }
  }
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href^="/lightning/"]') : null;
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    const href = link.getAttribute('href');
    if (href === location.pathname) return;
    history.pushState({ path: href }, '', href);
    render(href);
  });
  window.addEventListener('popstate', () => render(location.pathname));
  // The model of $A (see above): the event's fire() draws the main area again from the org.
  window.$A = {
    get: (name) => (name === 'e.force:refreshView' ? { fire: () => void render(location.pathname) } : undefined),
  };
  const oneApp = location.pathname.replace(/\\/$/, '') === '/one/one.app'
    ? /^#\\/sObject\\/(\\w{15,18})(?:\\/(view|edit))?/.exec(location.hash) : null;
  if (oneApp) {
    fetch('/__emulator/page-data?path=' + encodeURIComponent('/lightning/r/' + oneApp[1] + '/' + (oneApp[2] || 'view')), { credentials: 'same-origin' })
      .then((response) => response.json())
      .then((view) => {
        if (view.path) history.replaceState({ path: view.path }, '', view.path);
        render(location.pathname);
      });
  }
  ${renderDelayMs > 0 ? `setTimeout(() => render(location.pathname), ${renderDelayMs});` : ''}
})();`;
}

export interface LightningView {
  readonly status: number;
  readonly title: string;
  /** Which context-bar tab is current: 'home' or an object name. */
  readonly tab: string;
  readonly html: string;
  /** A record page's path as Lightning writes it (`/lightning/r/Contact/<Id18>/view`). */
  readonly path?: string;
}

function checkbox(checked: boolean): string {
  return `<span class="slds-checkbox"><input type="checkbox" disabled${checked ? ' checked' : ''}></span>`;
}

function fieldMarkup(object: string, field: ViewField, tag: 'li' | 'div'): string {
  const value = field.type === 'boolean' ? checkbox(field.value === true) : valueMarkup(field);
  return `<${tag} class="field" data-target-selection-name="sfdc:RecordField.${object}.${escapeHtml(field.name)}"><span class="field-label">${escapeHtml(field.label)}</span><div class="field-value">${value}</div></${tag}>`;
}

function recordMarkup(view: RecordView): string {
  return `<div class="record-page" data-record-id="${view.id}" data-object="${view.object}">
<records-highlights2 class="slds-page-header highlights">
<div class="header-row">${objectIcon(view.objectLabel, 40)}<div><p class="entity">${escapeHtml(view.objectLabel)}</p><h1 class="record-name"><lightning-formatted-name>${escapeHtml(view.name)}</lightning-formatted-name></h1></div></div>
<ul class="highlights-fields">${view.highlights.map((f) => fieldMarkup(view.object, f, 'li')).join('')}</ul>
</records-highlights2>
<section class="card"><h2>Details</h2><div class="details">${view.details.map((f) => fieldMarkup(view.object, f, 'div')).join('')}</div></section>
</div>`;
}

/** A related list page: the parent record's header, then the list (empty in the emulator). */
function relatedListMarkup(view: RecordView, list: string): string {
  return `<div class="record-page related-list" data-record-id="${view.id}" data-object="${view.object}" data-related-list="${escapeHtml(list)}">
<section class="slds-page-header"><p class="entity"><a href="/lightning/r/${view.object}/${view.id}/view">${escapeHtml(view.name)}</a></p><h1 class="record-name">${escapeHtml(list)}</h1></section>
<section class="card"><p class="empty">No items to display.</p></section>
</div>`;
}

/** The edit form Lightning opens over the record page at `/edit`. */
function editModalMarkup(view: RecordView): string {
  return `<section role="dialog" class="slds-modal slds-fade-in-open" aria-label="Edit ${escapeHtml(view.name)}"><div class="card"><h2>Edit ${escapeHtml(view.name)}</h2><p>The record's fields, editable.</p></div></section>`;
}

function notFoundView(): LightningView {
  return {
    status: 404,
    title: 'Error | Salesforce',
    tab: '',
    html: `<div class="card empty"><h2>Looks like there's a problem.</h2><p>This record isn't available. It may have been deleted by another user, or there may have been a system error.</p></div>`,
  };
}

function listView(org: Org, object: (typeof OBJECT_NAMES)[number]): LightningView {
  const info = org.schema(object).info;
  const rows = listRecords(org, object, 50)
    .map(
      (view) =>
        `<tr><td><a href="/lightning/r/${view.object}/${view.id}/view" data-record-id="${view.id}">${escapeHtml(view.name)}</a></td><td>${escapeHtml(view.email ?? '')}</td><td>${escapeHtml(view.objectLabel)}</td></tr>`,
    )
    .join('');
  return {
    status: 200,
    title: `${info.labelPlural} | Salesforce`,
    tab: object,
    html: `<section class="card"><h2>${escapeHtml(info.labelPlural)}: Recently Viewed</h2><table class="list"><thead><tr><th>Name</th><th>Email</th><th>Type</th></tr></thead><tbody>${rows}</tbody></table></section>`,
  };
}

function homeView(): LightningView {
  return {
    status: 200,
    title: 'Home | Salesforce',
    tab: 'home',
    html: `<section class="card"><h2>Home</h2><p>Welcome to the Salesforce org emulator. Open a record from the list on the left or a tab above.</p></section>`,
  };
}

/** The view of a Lightning path, shared by the full page and the in-app navigation endpoint. */
export function lightningView(org: Org, path: string): LightningView {
  const record =
    /^\/lightning\/r\/(?:(\w+)\/)?([a-zA-Z0-9]{15,18})\/(view|edit|related\/(\w+)\/view)\/?$/.exec(
      path,
    );
  if (record) {
    const location = org.locate(record[2] ?? '');
    const object = record[1] === undefined ? location?.object : org.objectNamed(record[1]);
    if (!location || !object || location.table.isDeleted(location.row)) return notFoundView();
    const view = recordView(org, location);
    const list = record[4];
    const page = list ? relatedListMarkup(view, list) : recordMarkup(view);
    return {
      status: 200,
      title: `${list ? `${list} | ` : ''}${view.name} | ${view.objectLabel} | Salesforce`,
      tab: location.object,
      html: record[3] === 'edit' ? page + editModalMarkup(view) : page,
      path: `/lightning/r/${location.object}/${location.id}/view`,
    };
  }
  // The old format's shell: its script reads the hash and rewrites the URL (see above).
  if (/^\/one\/one\.app\/?$/.test(path)) {
    return { status: 200, title: 'Salesforce', tab: '', html: '' };
  }
  const list = /^\/lightning\/o\/(\w+)\/(?:list|home)\/?$/.exec(path);
  if (list) {
    const object = org.objectNamed(list[1] ?? '');
    return object ? listView(org, object) : notFoundView();
  }
  return /^\/lightning\/page\/home\/?$/.test(path) ? homeView() : notFoundView();
}

function shell(org: Org, view: LightningView, renderDelayMs: number): string {
  const tabs: Array<readonly [string, string, string]> = [
    ['home', 'Home', '/lightning/page/home'],
    ...OBJECT_NAMES.map(
      (object) =>
        [object, org.schema(object).info.labelPlural, `/lightning/o/${object}/list`] as const,
    ),
  ];
  const recent = recentLinks(org)
    .map(
      (link) =>
        `<li>${objectIcon(link.objectLabel, 20)}<a href="/lightning/r/${link.object}/${link.id}/view" data-record-id="${link.id}">${escapeHtml(link.name)}</a></li>`,
    )
    .join('');
  return htmlDocument(
    view.title,
    CSS,
    `<div class="slds-global-header" role="banner">
<div class="waffle" title="App Launcher">${'<i></i>'.repeat(9)}</div>
<span class="app-name">Sales</span>
<input class="search" placeholder="Search..." aria-label="Search" disabled>
<span class="avatar" title="Sam Rivera">SR</span>
</div>
<nav class="slds-context-bar">${tabs.map(([tab, label, href]) => `<a href="${href}" data-tab="${tab}"${tab === view.tab ? ' class="active"' : ''}>${escapeHtml(label)}</a>`).join('')}</nav>
<div class="layout">
<aside class="recent"><h2>Recent records</h2><ul>${recent}</ul></aside>
<main id="main-content" class="oneContent" role="main">${renderDelayMs > 0 ? '' : view.html}</main>
</div>
<script>${navigationScript(renderDelayMs)}</script>`,
  );
}

export const lightningPage: Handler = (request, { org, options }) => {
  const view = lightningView(org, request.path);
  return html(view.status, shell(org, view, options.lightningRenderDelayMs));
};

/** GET /__emulator/page-data?path=…: what the in-app navigation renders. */
export const pageData: Handler = (request, { org }) => {
  const view = lightningView(org, request.query.get('path') ?? '');
  return json(view.status, view);
};
