import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_VERSION } from '../../src/lib/salesforce/connection';
import { startEmulator, type Emulator } from '../emulator/index';
import { connect, requestAs } from './helpers/emulator-client';

/**
 * The API versions the emulator serves, held to Salesforce's "API End-of-Life Policy"
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/api_rest_eol.htm):
 * 31.0 up to the newest release, which is the product's own API_VERSION; a retired version
 * (21.0 through 30.0, and older) answers 410 GONE; a version not released yet is an unknown
 * resource (404 NOT_FOUND).
 */

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 3 });
});
afterAll(() => emulator.close());

describe('API versions', () => {
  it('advertises every supported version up to the one the product calls', async () => {
    const versions =
      await connect(emulator).request<Array<{ version: string; url: string; label: string }>>(
        '/services/data',
      );
    expect(versions[0]).toEqual({
      version: '31.0',
      url: '/services/data/v31.0',
      label: "Summer '14",
    });
    expect(versions.at(-1)).toEqual({
      version: API_VERSION,
      url: `/services/data/v${API_VERSION}`,
      label: "Winter '27",
    });
    expect(versions).toHaveLength(Number(API_VERSION) - 31 + 1);
    // The product's calls work on it, through jsforce as the product makes the connection.
    const describe = await connect(emulator).describe('Contact');
    expect(describe.name).toBe('Contact');
  });

  it('answers a retired version (≤ 30.0) with 410 GONE, before looking at the session', async () => {
    for (const version of ['30.0', '21.0', '20.0']) {
      const response = await requestAs(emulator, {
        host: emulator.myDomainHost,
        path: `/services/data/v${version}/sobjects/Contact/describe`,
      });
      expect(response.status, version).toBe(410);
      expect(JSON.parse(response.body)).toEqual([
        {
          errorCode: 'GONE',
          message: `API version ${version} is retired and unavailable. Use API version 31.0 or later.`,
        },
      ]);
    }
    await expect(connect(emulator).request('/services/data/v30.0/limits')).rejects.toMatchObject({
      errorCode: 'GONE',
    });
  });

  it('does not know a version that is not released yet', async () => {
    const next = `${Number(API_VERSION) + 1}.0`;
    await expect(connect(emulator).request(`/services/data/v${next}/limits`)).rejects.toMatchObject(
      { errorCode: 'NOT_FOUND' },
    );
  });
});
