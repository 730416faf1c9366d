import { Connection } from 'jsforce/core';

/**
 * The one REST API version the product calls (and the emulator serves as its newest). jsforce's
 * default is 50.0; sObject Collections need 42.0+ and Bulk API 2.0 query 47.0+.
 *
 * 68.0 is Winter '27, the newest generally available release as of late 2026: the REST API's
 * "API End-of-Life Policy" (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/api_rest_eol.htm,
 * and its Tooling and Metadata API twins) lists "Versions 41.0 through 68.0: Supported", and the
 * current Apex Reference Guide lists "Winter '27 (API version 68.0)" with no "preview" mark.
 * Salesforce serves a version in an org only once the org is on that release.
 */
export const API_VERSION = '68.0';

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
