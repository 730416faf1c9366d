import { describe, expect, it } from 'vitest';
import manifest from '../../manifest.json' with { type: 'json' };
import { firefoxManifest, GECKO_ID } from '../../build/firefox-manifest';

describe('firefoxManifest', () => {
  const firefox = firefoxManifest(manifest);

  it('runs the same background script as an event page, with a gecko id', () => {
    expect(firefox.background).toEqual({
      scripts: [manifest.background.service_worker],
      type: 'module',
    });
    expect(firefox.browser_specific_settings.gecko).toMatchObject({
      id: GECKO_ID,
      strict_min_version: '128.0',
    });
  });

  it('drops only what Firefox lacks and keeps the same permissions, scripts and pages', () => {
    expect(firefox).not.toHaveProperty('key');
    expect(firefox).not.toHaveProperty('minimum_chrome_version');
    expect(firefox).not.toHaveProperty('storage');
    const { background, browser_specific_settings, ...shared } = firefox;
    const { key, minimum_chrome_version, storage, background: worker, ...original } = manifest;
    expect(shared).toEqual(original);
  });
});
