/**
 * The demo org and what a rep does in it, shared by the demo (`scripts/demo.ts`) and the store
 * screenshots (`scripts/store-screenshots.ts`): the emulator with the demo people, Chromium with
 * the built extension (`dist/`) signed in on a Contact's Lightning record page.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Page } from 'playwright-core';
import { startEmulator, type Emulator } from '../test/emulator/index';
import { DEMO_PEOPLE } from '../test/emulator/options';
import { launchExtension, OPTIONS_PAGE, type LoadedExtension } from '../test/e2e/extension';

/** The languages the extension ships (public/_locales), as Chromium's --lang takes them. */
export const LANGUAGES = ['en', 'es', 'it', 'pt_BR', 'sv', 'zh_CN'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface DemoOrg {
  readonly emu: Emulator;
  readonly ext: LoadedExtension;
  /** The Contact's record page, signed in. */
  readonly page: Page;
  readonly recordUrl: string;
  /** Closes Chromium and the emulator. */
  stop(): Promise<void>;
}

export interface DemoOptions {
  readonly headless: boolean;
  readonly lang: Language;
  /** The emulator's port; 0 picks a free one. */
  readonly port?: number;
}

/** Starts the demo org and Chromium, and signs in straight to a Contact's record page. */
export async function startDemoOrg({ headless, lang, port = 0 }: DemoOptions): Promise<DemoOrg> {
  const emu = await startEmulator({
    port,
    seed: 1,
    contacts: 40,
    leads: 40,
    personAccounts: 10,
    businessAccounts: 5,
    ...DEMO_PEOPLE,
  });
  const ext = await launchExtension(emu.port, {
    headless,
    ...(lang === 'en' ? {} : { locale: lang.replace('_', '-') }),
  });
  const contactId = emu.org.samples.contact ?? emu.org.list('Contact', { limit: 1 })[0]?.id ?? '';
  const recordUrl = emu.recordUrl(contactId);
  const page = await ext.context.newPage();
  await page.goto(
    `https://${emu.myDomainHost}/?startURL=${encodeURIComponent(new URL(recordUrl).pathname)}`,
  );
  await page.getByRole('button', { name: /log in/i }).click();
  await page.waitForURL(recordUrl);
  return {
    emu,
    ext,
    page,
    recordUrl,
    async stop() {
      await ext.close().catch(() => undefined);
      await emu.close();
    },
  };
}

/** Where the tour writes what a rep sees. */
export interface TourShots {
  /** The card on the Contact's page, once it has read the record. */
  readonly record: string;
  /** The card after the rep's click, once the demo org has the opt-out. */
  readonly unsubscribed: string;
  /** The options page, with the unsubscribe listed. */
  readonly options: string;
}

/**
 * How the options page is taken: `full-page`, all of it; `unsubscribe-list`, the window (the
 * store's fixed size) scrolled to the list of unsubscribes.
 */
export type OptionsShot = 'full-page' | 'unsubscribe-list';

/**
 * A rep's first minute: the card on the record page, the click on Unsubscribe, the options page;
 * a screenshot of each.
 */
export async function tour(
  demo: DemoOrg,
  lang: Language,
  shots: TourShots,
  optionsShot: OptionsShot,
): Promise<void> {
  for (const path of Object.values(shots)) mkdirSync(dirname(path), { recursive: true });
  // The card's button, in the demo's language.
  const unsubscribeLabel = (
    JSON.parse(readFileSync(`public/_locales/${lang}/messages.json`, 'utf8')) as Record<
      string,
      { message: string }
    >
  ).actionUnsubscribe?.message;
  // The card shows the person's name once it has read the record's state from the demo org.
  const widget = demo.page.locator('unsubscribe-sync-widget section.card');
  await widget.locator('.name').waitFor();
  await demo.page.waitForTimeout(500);
  await demo.page.screenshot({ path: shots.record });
  await widget.getByRole('button', { name: unsubscribeLabel, exact: true }).click();
  await widget.locator('.state.unsubscribed').waitFor();
  // And the page's own Email Opt Out, once Lightning's record view has been refreshed.
  await demo.page
    .locator('[data-target-selection-name$=".HasOptedOutOfEmail"] input[type=checkbox]:checked')
    .first()
    .waitFor();
  await demo.page.screenshot({ path: shots.unsubscribed });
  const options = await demo.ext.openExtensionPage(OPTIONS_PAGE);
  const list = options.locator('[data-testid="unsubscribes"]');
  await list.locator('tbody tr').first().waitFor();
  if (optionsShot === 'unsubscribe-list') {
    await list.evaluate((element) => element.scrollIntoView({ block: 'start' }));
  }
  await options.screenshot({ path: shots.options, fullPage: optionsShot === 'full-page' });
}
