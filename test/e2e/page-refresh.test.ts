import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { useHarness } from './harness';
import { card, SCREENSHOTS } from './org-pages';

/**
 * Issue 13: the card and the page agree. The record page's own fields were drawn before the click
 * and do not follow an API write; once Salesforce confirms, a Lightning page is asked to redraw
 * them (Aura's `force:refreshView`, modelled by the emulator), with no page load. Where that cannot
 * be done (Classic, or no `$A`), the card says to reload the page.
 */

const e2e = useHarness({
  org: { seed: 21, contacts: 30, leads: 0, personAccounts: 0, businessAccounts: 0 },
});

beforeEach(() => e2e.emu.faults.clear());

const RELOAD_HINT = "Reload the page to see it in Salesforce's own fields.";
const lastSeq = (): number => e2e.emu.log.entries().at(-1)?.seq ?? 0;
/** How many times the Lightning page drew its main area again since a point in the log. */
const redrawsSince = (seq: number): number =>
  e2e.emu.log.count({ kind: 'page-data', afterSeq: seq });

/** Every Email Opt Out checkbox the Lightning page itself shows (highlights and details). */
const lightningOptOut = (page: Page): Promise<boolean[]> =>
  page
    .locator(
      '[data-target-selection-name="sfdc:RecordField.Contact.HasOptedOutOfEmail"] input[type=checkbox]',
    )
    .evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).checked));

/** Classic draws a checkbox as an image titled "Checked" or "Not Checked". */
const classicOptOut = (page: Page): Promise<string | null> =>
  page.locator('#HasOptedOutOfEmail_ileinner img').getAttribute('title');

/** Marks the page's window: the mark survives only as long as no page load happens. */
const markWindow = (page: Page): Promise<number> =>
  page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
const windowMark = (page: Page): Promise<number | undefined> =>
  page.evaluate(() => (window as unknown as { marker?: number }).marker);

async function clickUnsubscribe(page: Page): Promise<void> {
  await card(page).getByRole('button', { name: 'Unsubscribe' }).click();
}

describe("the record page's own fields after a click", () => {
  it('on Lightning show the opt-out at once, without a page load, and again after Undo', async () => {
    const { id } = e2e.records.take('Contact', 'subscribed');
    const page = await e2e.records.open(id, { until: 'unsubscribable' });
    expect(await lightningOptOut(page)).toEqual([false, false]);
    await markWindow(page);
    const seq = lastSeq();

    await clickUnsubscribe(page);
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
    await expect.poll(() => lightningOptOut(page)).toEqual([true, true]);
    expect(await windowMark(page)).toBe(1);
    // One refresh for one write: Salesforce does not support firing it over and over.
    expect(redrawsSince(seq)).toBe(1);
    expect(await card(page).textContent()).not.toContain(RELOAD_HINT);
    await page.screenshot({ path: `${SCREENSHOTS}/page-refresh-lightning.png` });

    // Undo clears the field in Salesforce, and the page follows again.
    const undoSeq = lastSeq();
    await card(page).getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => card(page).textContent()).toContain('Undone');
    await expect.poll(() => lightningOptOut(page)).toEqual([false, false]);
    expect(redrawsSince(undoSeq)).toBe(1);
    expect(await windowMark(page)).toBe(1);
    await page.close();
  });

  it('on Lightning follow a confirmation that arrives after the click, through a retry', async () => {
    const { id } = e2e.records.take('Contact', 'subscribed');
    const page = await e2e.records.open(id, { until: 'unsubscribable' });
    // The first send meets a 503; the outbox retries on its own about a second later.
    e2e.emu.faults.add({ kind: 'collections-update', times: 1, error: 'SERVER_UNAVAILABLE' });
    const seq = lastSeq();
    await clickUnsubscribe(page);
    await expect.poll(() => card(page).textContent()).toContain('Unsubscribing…');
    expect(await lightningOptOut(page)).toEqual([false, false]);
    await expect
      .poll(() => card(page).getAttribute('data-status'), { timeout: 15_000 })
      .toBe('confirmed');
    await expect.poll(() => lightningOptOut(page)).toEqual([true, true]);
    expect(redrawsSince(seq)).toBe(1);
    await page.close();
  });

  it('on Lightning are not redrawn when the page opens on a record already unsubscribed', async () => {
    const { id } = e2e.records.take('Contact', 'subscribed');
    const first = await e2e.records.open(id, { until: 'unsubscribable' });
    await clickUnsubscribe(first);
    await expect.poll(() => lightningOptOut(first)).toEqual([true, true]);
    await first.close();

    const seq = lastSeq();
    const page = await e2e.records.open(id);
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
    // The card's state read asks for no refresh: a redraw would have been logged by now.
    await page.waitForTimeout(500);
    expect(redrawsSince(seq)).toBe(0);
    expect(await lightningOptOut(page)).toEqual([true, true]);
    await page.close();
  });

  it('on a Lightning page without $A stay as they were, and the card says to reload', async () => {
    const { id } = e2e.records.take('Contact', 'subscribed');
    const page = await e2e.records.open(id, { until: 'unsubscribable' });
    await page.evaluate(() => delete (window as unknown as { $A?: unknown }).$A);
    const seq = lastSeq();
    await clickUnsubscribe(page);
    await expect.poll(() => card(page).textContent()).toContain(RELOAD_HINT);
    expect(redrawsSince(seq)).toBe(0);
    expect(await lightningOptOut(page)).toEqual([false, false]);
    await page.close();
  });

  it('on Classic stay as they were, the card says to reload, and a reload shows the opt-out', async () => {
    const { id } = e2e.records.take('Contact', 'subscribed');
    const page = await e2e.records.open(id, { ui: 'classic', until: 'unsubscribable' });
    expect(await classicOptOut(page)).toBe('Not Checked');
    await clickUnsubscribe(page);
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
    await expect.poll(() => card(page).textContent()).toContain(RELOAD_HINT);
    expect(await classicOptOut(page)).toBe('Not Checked');
    await page.screenshot({ path: `${SCREENSHOTS}/page-refresh-classic.png` });

    await page.reload();
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
    expect(await classicOptOut(page)).toBe('Checked');
    expect(await card(page).textContent()).not.toContain(RELOAD_HINT);
    await page.close();
  });

  it('on Classic agree again after an Undo, and the card stops saying to reload', async () => {
    const { id } = e2e.records.take('Contact', 'subscribed');
    const page = await e2e.records.open(id, { ui: 'classic', until: 'unsubscribable' });
    await clickUnsubscribe(page);
    await expect.poll(() => card(page).textContent()).toContain(RELOAD_HINT);
    // Undo puts Salesforce back to what the page still shows.
    await card(page).getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => card(page).textContent()).toContain('Undone');
    expect(await card(page).textContent()).not.toContain(RELOAD_HINT);
    expect(e2e.emu.org.get(id)?.fields.HasOptedOutOfEmail).toBe(false);
    expect(await classicOptOut(page)).toBe('Not Checked');
    await page.close();
  });
});
