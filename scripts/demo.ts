/**
 * The demo: the emulator as a demo org, and Chromium with the built extension, signed in and on a
 * Contact's Lightning record page. With a display it stays open until Chromium is closed or
 * Ctrl+C; without one (or with --headless) it writes a screenshot and exits.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startEmulator } from '../test/emulator/index';
import { DEMO_PEOPLE } from '../test/emulator/options';
import { launchExtension, OPTIONS_PAGE } from '../test/e2e/extension';

/** The languages the extension ships (public/_locales), as Chromium's --lang takes them. */
const LANGUAGES = ['en', 'es', 'it', 'pt_BR', 'sv', 'zh_CN'] as const;

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean', default: false },
    port: { type: 'string', default: '0' },
    lang: { type: 'string', default: 'en' },
  },
});
const headless = values.headless || !process.env.DISPLAY;
const lang = LANGUAGES.find((l) => l === values.lang.replace('-', '_'));
if (!lang) {
  console.error(`--lang takes one of ${LANGUAGES.join(', ')} (got ${values.lang}).`);
  process.exit(2);
}
/** What a rep sees, without a display: the record page, after the click, the options page. */
const SCREENSHOTS = {
  record: 'test-results/demo.png',
  unsubscribed: 'test-results/demo-unsubscribed.png',
  options: 'test-results/demo-options.png',
};
/** The card's button, in the demo's language. */
const unsubscribeLabel = (
  JSON.parse(readFileSync(`public/_locales/${lang}/messages.json`, 'utf8')) as Record<
    string,
    { message: string }
  >
).actionUnsubscribe?.message;

const emu = await startEmulator({
  port: Number(values.port),
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

console.log(`Demo org: https://${emu.lightningHost} (emulator on 127.0.0.1:${emu.port})`);
console.log(`Contact page: ${recordUrl}`);

async function stop(): Promise<void> {
  await ext.close().catch(() => undefined);
  await emu.close();
}

if (headless) {
  // The card shows the person's name once it has read the record's state from the demo org.
  const widget = page.locator('unsubscribe-sync-widget section.card');
  await widget.locator('.name').waitFor();
  await page.waitForTimeout(500);
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: SCREENSHOTS.record });
  // A rep's click, and what the card says once the demo org has it.
  await widget.getByRole('button', { name: unsubscribeLabel, exact: true }).click();
  await widget.locator('.state.unsubscribed').waitFor();
  // And the page's own Email Opt Out, once Lightning's record view has been refreshed.
  await page
    .locator('[data-target-selection-name$=".HasOptedOutOfEmail"] input[type=checkbox]:checked')
    .first()
    .waitFor();
  await page.screenshot({ path: SCREENSHOTS.unsubscribed });
  const options = await ext.openExtensionPage(OPTIONS_PAGE);
  await options.locator('[data-testid="unsubscribes"] tbody tr').first().waitFor();
  await options.screenshot({ path: SCREENSHOTS.options, fullPage: true });
  console.log(
    `No display: ran Chromium headless and wrote ${Object.values(SCREENSHOTS).join(', ')}.`,
  );
  console.log(
    'To use the demo interactively here: apt-get install xvfb && xvfb-run bash scripts/demo.sh',
  );
  await stop();
} else {
  console.log('Chromium is open with the extension. Close it or press Ctrl+C to stop the demo.');
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
  ext.context.once('close', () => void emu.close().then(() => process.exit(0)));
}
