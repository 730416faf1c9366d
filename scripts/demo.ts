/**
 * The demo: the emulator as a demo org, and Chromium with the built extension, signed in and on a
 * Contact's Lightning record page. With a display it stays open until Chromium is closed or
 * Ctrl+C; without one (or with --headless) it writes screenshots and exits.
 */
import { parseArgs } from 'node:util';
import { LANGUAGES, startDemoOrg, tour } from './demo-org';

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

const demo = await startDemoOrg({ headless, lang, port: Number(values.port) });
console.log(`Demo org: https://${demo.emu.lightningHost} (emulator on 127.0.0.1:${demo.emu.port})`);
console.log(`Contact page: ${demo.recordUrl}`);

if (headless) {
  await tour(demo, lang, SCREENSHOTS, 'full-page');
  console.log(
    `No display: ran Chromium headless and wrote ${Object.values(SCREENSHOTS).join(', ')}.`,
  );
  console.log(
    'To use the demo interactively here: apt-get install xvfb && xvfb-run bash scripts/demo.sh',
  );
  await demo.stop();
} else {
  console.log('Chromium is open with the extension. Close it or press Ctrl+C to stop the demo.');
  process.once('SIGINT', () => void demo.stop().then(() => process.exit(0)));
  demo.ext.context.once('close', () => void demo.emu.close().then(() => process.exit(0)));
}
