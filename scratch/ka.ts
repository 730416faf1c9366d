import puppeteer from 'puppeteer-core';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
for (const mode of ['none', 'api', 'storage', 'alarm']) {
  const dir = `/tmp/ka-${mode}`;
  cpSync('/tmp/ka-ext', dir, { recursive: true });
  writeFileSync(`${dir}/bg.js`, readFileSync('/tmp/ka-ext/bg.js', 'utf8').replace('MODE', mode));
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: { 'extensions.background.idle.timeout': 3000, 'extensions.webextensions.uuids': JSON.stringify({ 'ka@test.dev': '11111111-2222-3333-4444-555555555555' }) } });
  await browser.installExtension(dir);
  await new Promise((r) => setTimeout(r, 10000));
  const p = await browser.newPage();
  p.goto('moz-extension://11111111-2222-3333-4444-555555555555/page.html', { timeout: 3000 }).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 2000));
  const html = await p.evaluate(() => document.getElementById('out')?.textContent ?? '');
  await browser.close();
  console.log(mode, html);
}
