import type { Locator, Page } from 'playwright-core';
import type { Emulator, ObjectName, OrgRecord } from '../emulator/index';

/** Where the end-to-end tests leave screenshots of what a rep sees. */
export const SCREENSHOTS = 'test-results/screenshots';

/** Signs the browser in to the emulated org through its login page, as a rep would. */
export async function signIn(emu: Emulator, page: Page): Promise<void> {
  await page.goto(`https://${emu.myDomainHost}/`);
  await page.getByRole('button', { name: /log in/i }).click();
  await page.waitForURL(new RegExp(`^https://${emu.lightningHost.replace(/\./g, '\\.')}/`));
}

/** The index-th record of an object in the emulated org (optionally matching a SOQL condition). */
export function nth(emu: Emulator, object: ObjectName, index: number, where?: string): OrgRecord {
  const record = emu.org.list(object, { where, limit: index + 1 })[index];
  if (!record) throw new Error(`the emulated org has no ${object} #${index} ${where ?? ''}`);
  return record;
}

/** The extension's card on a Salesforce page (Playwright locators pierce its open shadow root). */
export function card(page: Page): Locator {
  return page.locator('unsubscribe-sync-widget section.card');
}

/**
 * How far the card has got on a record page: `shown`, on the page whatever it says (loading, or
 * why it cannot read the record); `read`, it has read the record's state from Salesforce, which
 * is where the extension learns the org; `unsubscribable`, it offers Unsubscribe.
 */
export type CardState = 'shown' | 'read' | 'unsubscribable';

/** Waits until the card on this page has got as far as `state`. */
export async function waitForCard(page: Page, state: CardState): Promise<void> {
  const shown = card(page);
  const targets: Record<CardState, Locator> = {
    shown,
    // The state line (Subscribed, Unsubscribed, …) comes with the person's name, in any language.
    read: shown.locator('.state'),
    unsubscribable: shown.getByRole('button', { name: 'Unsubscribe' }),
  };
  await targets[state].waitFor();
}
