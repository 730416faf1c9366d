import { OBJECT_NAMES } from '../data/schema';
import type { Handler } from '../http/context';
import { html } from '../http/reply';
import { objectIcon, valueMarkup } from './field-markup';
import { escapeHtml, htmlDocument } from './html';
import { recordView, type RecordView, type ViewField } from './record-view';

/**
 * Salesforce Classic detail pages at `/<Id>` on the My Domain host, and edit pages at `/<Id>/e`
 * (`/<Id>/e?retURL=%2F<Id>` is what Classic's Edit button opens). Salesforce does not document its
 * UI URLs (its developer blog says so:
 * https://developer.salesforce.com/blogs/2018/01/heres-need-know-new-url-format-lightning.html);
 * the forms are those Classic writes, as collected in "Salesforce URL Hacking basics with retURL"
 * (http://raydehler.com/cloud/clod/salesforce-url-hacking-basics-with-returl-saveurl-and-cancelurl.html).
 * Query strings (`?srPos=0&srKp=003`, `?nooverride=1`, `retURL`) change nothing here.
 */

const CSS = `
body{margin:0;font-family:Arial,Helvetica,sans-serif;font-size:12px;color:#222;background:#fff}
#AppBodyHeader .phHeader{display:flex;align-items:center;justify-content:space-between;padding:8px 16px;background:#f5f5f5;border-bottom:1px solid #ccc}
.logo{font-size:22px;font-weight:700;color:#1797c0}
.tabBar{display:flex;gap:2px;padding:0 16px;background:#fff;border-bottom:4px solid #1797c0}
.tabBar a{padding:6px 12px;background:#e3f3ff;color:#015ba7;border-radius:4px 4px 0 0;text-decoration:none;font-weight:700}
.tabBar a.current{background:#1797c0;color:#fff}
.bodyDiv{padding:12px 16px}
.bPageTitle{display:flex;gap:10px;align-items:center;margin-bottom:12px}
.pageType{margin:0;font-size:12px;font-weight:400;color:#333}
.pageDescription{margin:0;font-size:22px;font-weight:400}
.bPageBlock{border-top:3px solid #1797c0;background:#f8f8f8;border-radius:4px;padding:6px 12px}
.pbHeader h2{font-size:13px;margin:6px 0}
table.detailList{width:100%;border-collapse:collapse}
.labelCol{width:18%;text-align:right;padding:5px 10px;color:#4a4a56;font-weight:700;border-bottom:1px solid #e3deb8}
.dataCol{width:32%;padding:5px 10px;border-bottom:1px solid #e3deb8}
a{color:#015ba7}`;

const CHECKED =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="21" height="16"><rect x="3" y="1" width="14" height="14" fill="#fff" stroke="#777"/><path d="M6 8l3 3 6-7" stroke="#222" stroke-width="2" fill="none"/></svg>',
  );
const UNCHECKED =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="21" height="16"><rect x="3" y="1" width="14" height="14" fill="#fff" stroke="#777"/></svg>',
  );

/** Classic draws checkboxes as images titled "Checked" / "Not Checked". */
function dataCell(field: ViewField): string {
  if (field.type !== 'boolean') return valueMarkup(field);
  const checked = field.value === true;
  const label = checked ? 'Checked' : 'Not Checked';
  return `<img src="${checked ? CHECKED : UNCHECKED}" alt="${label}" title="${label}" class="checkImg" width="21" height="16">`;
}

function detailRows(view: RecordView): string {
  const cells = view.details.map(
    (field) =>
      `<td class="labelCol">${escapeHtml(field.label)}</td><td class="dataCol" id="${escapeHtml(field.name)}_ileinner">${dataCell(field)}</td>`,
  );
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += 2)
    rows.push(
      `<tr>${cells[i] ?? ''}${cells[i + 1] ?? '<td class="labelCol"></td><td class="dataCol"></td>'}</tr>`,
    );
  return rows.join('');
}

function page(title: string, current: string, body: string): string {
  const tabs = ['Home', ...OBJECT_NAMES]
    .map(
      (tab) =>
        `<a href="${tab === 'Home' ? '/home/home.jsp' : '#'}"${tab === current ? ' class="current"' : ''}>${tab === 'Home' ? 'Home' : `${tab}s`}</a>`,
    )
    .join('');
  return htmlDocument(
    title,
    CSS,
    `<div id="AppBodyHeader"><div class="phHeader"><span class="logo">salesforce</span><span>Sam Rivera ▾</span></div><div class="tabBar">${tabs}</div></div>
<div class="bodyDiv" id="bodyCell">${body}</div>`,
  );
}

export const classicPage: Handler = (request, { org }) => {
  const location = org.locate(request.params.id ?? '');
  if (!location || location.table.isDeleted(location.row)) {
    return html(
      404,
      page(
        'Data Not Available | Salesforce',
        '',
        `<h1>Data Not Available</h1><p>The data you were trying to access could not be found. It may be due to another user deleting the data or a system error.</p>`,
      ),
    );
  }
  const view = recordView(org, location);
  if (request.params.edit) {
    return html(
      200,
      page(
        `${view.objectLabel} Edit: ${view.name} ~ Salesforce - Enterprise Edition`,
        view.object,
        `<div class="bPageTitle">${objectIcon(view.objectLabel, 32)}<div><h1 class="pageType">${escapeHtml(view.objectLabel)} Edit</h1><h2 class="pageDescription">${escapeHtml(view.name)}</h2></div></div>
<form class="bEditBlock" data-record-id="${view.id}"><div class="pbHeader"><h2 class="mainTitle">${escapeHtml(view.objectLabel)} Edit</h2></div></form>`,
      ),
    );
  }
  return html(
    200,
    page(
      `${view.objectLabel}: ${view.name} ~ Salesforce - Enterprise Edition`,
      view.object,
      `<div class="bPageTitle">${objectIcon(view.objectLabel, 32)}<div><h1 class="pageType">${escapeHtml(view.objectLabel)}</h1><h2 class="pageDescription">${escapeHtml(view.name)}</h2></div></div>
<div class="bPageBlock brandSecondaryBrd bDetailBlock" data-record-id="${view.id}"><div class="pbHeader"><h2 class="mainTitle">${escapeHtml(view.objectLabel)} Detail</h2></div>
<div class="pbBody"><table class="detailList">${detailRows(view)}</table></div></div>`,
    ),
  );
};
