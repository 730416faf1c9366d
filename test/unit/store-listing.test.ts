import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const REPO = new URL('../../', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(`${REPO}manifest.json`, 'utf8')) as {
  permissions: string[];
  host_permissions: string[];
  optional_host_permissions: string[];
};
const listing = readFileSync(`${REPO}docs/store-listing.md`, 'utf8');

/** The rows of the listing's permission table: the store asks for a justification of each. */
function justifiedEntries(): string[] {
  const table = listing
    .split('### Permissions')[1]
    ?.split('\n\n')
    .find((b) => b.startsWith('|'));
  return (table ?? '')
    .split('\n')
    .slice(2)
    .flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ''));
}

describe('docs/store-listing.md', () => {
  it("justifies every permission and host of the manifest, and nothing it doesn't ask for", () => {
    const asked = [
      ...manifest.permissions,
      ...manifest.host_permissions,
      ...manifest.optional_host_permissions,
    ];
    expect(asked.length).toBeGreaterThanOrEqual(13);
    expect(justifiedEntries().sort()).toEqual(asked.sort());
  });

  it('shows the screenshots npm run store-screenshots writes, at the store size', () => {
    for (const name of ['1-card-on-contact', '2-card-after-click', '3-options-page']) {
      expect(listing).toContain(`(store/${name}.png)`);
      const png = readFileSync(`${REPO}docs/store/${name}.png`);
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 800]);
    }
  });
});
