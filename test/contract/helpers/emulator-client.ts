import { request as httpsRequest } from 'node:https';
import { Connection } from 'jsforce';
import type { Emulator } from '../../emulator/index';

/** The product's one API version (src/lib/salesforce/connection.ts). */
export { API_VERSION } from '../../../src/lib/salesforce/connection';
import { API_VERSION } from '../../../src/lib/salesforce/connection';

/** A jsforce connection to the emulator, as the product makes one, with a fresh session. */
export function connect(
  emulator: Emulator,
  accessToken = emulator.sessions.createSession(),
): Connection {
  return new Connection({ instanceUrl: emulator.baseUrl, accessToken, version: API_VERSION });
}

export interface HostResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface HostRequest {
  /** The Host the request names, e.g. acme.lightning.force.com; the emulator routes by it. */
  readonly host: string;
  readonly path: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/**
 * One HTTPS request to the emulator under a real Salesforce host name, as Chromium sends it
 * through --host-resolver-rules (TLS SNI and Host header both name that host). No redirects.
 */
export function requestAs(emulator: Emulator, request: HostRequest): Promise<HostResponse> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: emulator.port,
        servername: request.host,
        rejectUnauthorized: false,
        method: request.method ?? 'GET',
        path: request.path,
        headers: { host: request.host, ...request.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

/** The `name=value` of a Set-Cookie header's first cookie. */
export function cookieOf(response: HostResponse): string {
  const header = response.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : header;
  return (first ?? '').split(';')[0] ?? '';
}
