import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/e2e/chromium';

/** Renders an SVG page to a PNG with Debian's Chromium, at twice its size for sharp text. */
export async function renderPng(svg: string, path: string): Promise<void> {
  const size = /width="(\d+)" height="(\d+)"/.exec(svg);
  const width = Number(size?.[1] ?? 1200);
  const height = Number(size?.[2] ?? 1200);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    headless: true,
  });
  try {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 2 });
    await page.setContent(`<!doctype html><body style="margin:0">${svg}</body>`);
    await page.locator('svg').screenshot({ path, animations: 'disabled' });
  } finally {
    await browser.close();
  }
}
