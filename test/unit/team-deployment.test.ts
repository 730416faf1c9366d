import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseManagedPolicy } from '../../src/lib/managed-policy';

const REPO = new URL('../../', import.meta.url).pathname;
const readme = readFileSync(`${REPO}README.md`, 'utf8');
const schema = JSON.parse(readFileSync(`${REPO}public/managed_schema.json`, 'utf8')) as {
  properties: Record<string, { properties?: Record<string, unknown> }>;
};

/** Each browser's update URL for its own store (Chrome's and Edge's policy documentation). */
const UPDATE_URL = {
  chrome: 'https://clients2.google.com/service/update2/crx',
  edge: 'https://edge.microsoft.com/extensionwebstorebase/v1/crx',
};

interface PolicyFile {
  ExtensionInstallForcelist: string[];
  '3rdparty'?: { extensions: Record<string, Record<string, unknown>> };
}

/** The JSON examples of the README's "Deploy to a team" section, in order. */
function deploymentExamples(): PolicyFile[] {
  const section = readme.split('\n## Deploy to a team\n')[1]?.split('\n## ')[0] ?? '';
  return [...section.matchAll(/```json\n([\s\S]*?)```/g)].map(
    (m) => JSON.parse(m[1] ?? '') as PolicyFile,
  );
}

describe("the README's Deploy to a team examples", () => {
  it('force-install from each browser’s own store', () => {
    const [chrome, edge] = deploymentExamples();
    expect(chrome?.ExtensionInstallForcelist).toEqual([`<Id>;${UPDATE_URL.chrome}`]);
    expect(edge?.ExtensionInstallForcelist).toEqual([`<Id>;${UPDATE_URL.edge}`]);
  });

  it('set every key of managed_schema.json, each to a value the extension takes', () => {
    const settings = deploymentExamples()[0]?.['3rdparty']?.extensions['<Id>'] ?? {};
    expect(Object.keys(settings).sort()).toEqual(Object.keys(schema.properties).sort());
    for (const [key, value] of Object.entries(schema.properties)) {
      if (!value.properties) continue;
      expect(Object.keys(settings[key] as object).sort(), key).toEqual(
        Object.keys(value.properties).sort(),
      );
    }
    // The extension's own reading of the policy drops what is malformed: here, nothing.
    const parsed = parseManagedPolicy(settings);
    const kept = Object.entries(parsed).filter(([, v]) => v !== undefined);
    expect(kept.map(([k]) => k).sort()).toEqual(Object.keys(schema.properties).sort());
    expect(Object.keys(parsed.perObject ?? {})).toHaveLength(3);
    expect(Object.keys(parsed.marketoApiName ?? {})).toHaveLength(3);
  });
});
