import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { patchJsforceRequest } from '../../build/jsforce-fetch-rejection';
// The browser transport the service worker bundles, run through the same build-time patch.
import request from 'jsforce/browser/browser/request.js';

/** A local port with nothing listening on it: connecting there is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('jsforce browser transport on a network failure', () => {
  it('reports a refused connection as an error instead of hanging', async () => {
    const port = await closedPort();
    const stream = request({
      method: 'GET',
      url: `http://127.0.0.1:${port}/services/data`,
      headers: {},
    });
    const outcome = await new Promise<unknown>((resolve) => {
      stream.on('error', resolve);
      stream.on('response', () => resolve('response'));
    });
    expect(outcome).toBeInstanceOf(TypeError);
  });

  it('fails the build when jsforce changes the patched line', () => {
    expect(() => patchJsforceRequest('startFetchRequest(req, opts);')).toThrow(/jsforce changed/);
    const patched = patchJsforceRequest(
      'x;\n  startFetchRequest(req, options, input, output, stream);\n',
    );
    expect(patched).toContain(".catch(function (err) { stream.emit('error', err); })");
  });
});
