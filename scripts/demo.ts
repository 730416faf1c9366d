/**
 * The demo: the emulator as a demo org, and Chromium with the built extension, signed in and on a
 * Contact's Lightning record page. With a display it stays open until Chromium is closed or
 * Ctrl+C; without one (or with --headless) it writes a screenshot and exits.
 */
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startEmulator } from '../test/emulator/index';
import { DEMO_PEOPLE } from '../test/emulator/options';
import { launchExtension } from '../test/e2e/extension';

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean', default: false },
    port: { type: 'string', default: '0' },
  },
});
const headless = values.headless || !process.env.DISPLAY;
const SCREENSHOT = 'test-results/demo.png';

const emu = await startEmulator({
  port: Number(values.port),
  seed: 1,
  contacts: 40,
  leads: 40,
  personAccounts: 10,
  businessAccounts: 5,
  ...DEMO_PEOPLE,
});
const ext = await launchExtension(emu.port, { headless });
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
  await page.locator('unsubscribe-sync-widget section.card .name').waitFor();
  await page.waitForTimeout(500);
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: SCREENSHOT });
  console.log(`No display: ran Chromium headless and wrote ${SCREENSHOT}.`);
  console.log(
    'To use the demo interactively here: apt-get install xvfb && xvfb-run bash scripts/demo.sh',
  );
  await stop();
} else {
  console.log('Chromium is open with the extension. Close it or press Ctrl+C to stop the demo.');
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
  ext.context.once('close', () => void emu.close().then(() => process.exit(0)));
}
