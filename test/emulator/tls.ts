import { generate } from 'selfsigned';
import { CERTIFICATE_NAMES } from './hosts';

export interface TlsMaterial {
  readonly key: string;
  readonly cert: string;
}

let cached: Promise<TlsMaterial> | undefined;

/**
 * A self-signed certificate for the Salesforce host names and 127.0.0.1. Generated once per
 * process (EC keys, so it takes milliseconds) and shared by every emulator the process starts.
 */
export function certificate(): Promise<TlsMaterial> {
  cached ??= generate([{ name: 'commonName', value: 'Salesforce org emulator' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 30 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...CERTIFICATE_NAMES.map((value) => ({ type: 2 as const, value })),
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  }).then((pems) => ({ key: pems.private, cert: pems.cert }));
  return cached;
}
