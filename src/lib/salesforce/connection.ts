import { Connection } from 'jsforce/core';

/**
 * jsforce's default API version is 50.0; sObject Collections need 42.0+ and Bulk API 2.0 query
 * 47.0+. 62.0 (Winter '25) is available in every org that is still supported.
 */
export const API_VERSION = '62.0';

export interface SessionTokens {
  /** `https://<my-domain>.my.salesforce.com` */
  readonly instanceUrl: string;
  readonly accessToken: string;
}

export function openConnection(session: SessionTokens): Connection {
  return new Connection({
    instanceUrl: session.instanceUrl,
    accessToken: session.accessToken,
    version: API_VERSION,
  });
}
