import { parsePersonId, type RecordRef } from './ids';
import type { PersonObject } from './person-kinds';
import { lightningHostFor } from './salesforce-hosts';

/** The Lightning page of a record, from its org's My Domain instance URL. */
export function lightningRecordUrl(
  instanceUrl: string,
  object: PersonObject,
  recordId: string,
): string {
  const url = new URL(instanceUrl);
  const lightning = lightningHostFor(url.hostname) ?? url.hostname;
  return `https://${lightning}/lightning/r/${object}/${recordId}/view`;
}

const ID = '([A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?)';

/**
 * Lightning record pages: `/lightning/r/<Object>/<Id>/view`, the same without the object, the
 * edit form over it (`/edit`), and a related list of the record (`/related/<List>/view`: the page
 * is about the parent record). Lightning writes object names as API names, but a link typed or
 * pasted in another case opens the same page.
 */
const LIGHTNING = new RegExp(
  `^/lightning/r/(?:([A-Za-z][A-Za-z0-9_]*)/)?${ID}/(?:view|edit|related/[A-Za-z0-9_]+/view)/?$`,
);
/** The format before Summer '18, still met in old bookmarks and emails: `/one/one.app#/sObject/<Id>/view`. */
const ONE_APP_PATH = /^\/one\/one\.app\/?$/;
const ONE_APP_HASH = new RegExp(`^#/sObject/${ID}(?:/(?:view|edit))?/?(?:\\?.*)?$`);
/** Classic: the detail page `/<Id>` and its edit page `/<Id>/e`, with any query string. */
const CLASSIC = new RegExp(`^/${ID}(?:/e)?/?$`);

function fromIdText(id: string, object?: string): RecordRef | null {
  const record = parsePersonId(id);
  // The object in the URL must agree with the Id's key prefix (Account covers Person Accounts).
  if (!record) return null;
  if (object !== undefined && object.toLowerCase() !== record.object.toLowerCase()) return null;
  return record;
}

/**
 * The person record a Salesforce page is about, from its URL alone (see the patterns above).
 * Returns null for every other page, including records of other objects.
 */
export function recordFromUrl(url: string): RecordRef | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const path = parsed.pathname;
  const lightning = LIGHTNING.exec(path);
  if (lightning) return fromIdText(lightning[2] ?? '', lightning[1]);
  if (ONE_APP_PATH.test(path)) {
    const oneApp = ONE_APP_HASH.exec(parsed.hash);
    return oneApp ? fromIdText(oneApp[1] ?? '') : null;
  }
  const classic = CLASSIC.exec(path);
  return classic ? fromIdText(classic[1] ?? '') : null;
}
