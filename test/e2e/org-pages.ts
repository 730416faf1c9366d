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
