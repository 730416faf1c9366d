/**
 * `npm run store-screenshots`: the Chrome Web Store listing's screenshots, at the store's
 * 1280×800, from the built extension (`dist/`) in headless Chromium against the demo org:
 * docs/store/1-card-on-contact.png, 2-card-after-click.png, 3-options-page.png
 * (docs/store-listing.md shows them).
 */
import { readFileSync } from 'node:fs';
import { startDemoOrg, tour } from './demo-org';

/** The store takes 1280×800 (or 640×400) screenshots; launchExtension's window is 1280×800. */
const SIZE = { width: 1280, height: 800 };
const SHOTS = {
  record: 'docs/store/1-card-on-contact.png',
  unsubscribed: 'docs/store/2-card-after-click.png',
  options: 'docs/store/3-options-page.png',
};

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const png = readFileSync(path);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const demo = await startDemoOrg({ headless: true, lang: 'en' });
try {
  // The store's size exactly: the options page's window, not the whole page.
  await tour(demo, 'en', SHOTS, 'unsubscribe-list');
} finally {
  await demo.stop();
}
for (const path of Object.values(SHOTS)) {
  const { width, height } = pngSize(path);
  if (width !== SIZE.width || height !== SIZE.height) {
    throw new Error(`${path} is ${width}×${height}, not the store's ${SIZE.width}×${SIZE.height}`);
  }
  console.log(`${path}: ${width}×${height}`);
}
