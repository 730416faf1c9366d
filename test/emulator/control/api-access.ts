import type { Session } from './sessions';
import { sfError, type Reply } from '../http/reply';
import type { ApiAccessMode } from '../options';

/**
 * How Salesforce refuses the API to an org, a user or a session, as documented:
 *
 * - An org without API access: "If you send an API request to an org without API access,
 *   Salesforce returns a `API_DISABLED_FOR_ORG` error" (REST API Developer Guide, "Supported
 *   Editions and Required Permissions",
 *   https://developer.salesforce.com/docs/platform/api-rest/guide/intro-rest-compatible-editions.html).
 *   The message is the one integrations quote ("The REST API is not enabled for this
 *   Organization.").
 * - A user without the "API Enabled" permission ("To make any API call, a user must have the API
 *   Enabled permission", same page): `API_CURRENTLY_DISABLED`, "API is disabled for this User".
 * - Both are 403: "The request has been refused. Verify that the logged-in user has appropriate
 *   permissions" (REST API Developer Guide, "Status Codes and Error Responses",
 *   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm),
 *   with the usual body `[{"message": …, "errorCode": …}]`.
 * - API Access Control ("restrict all users from accessing your Salesforce APIs unless they're
 *   pre-authorized through an approved (allowlisted) connected app", Salesforce Help, "API Access
 *   Control", https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.security_api_access_control_about.htm):
 *   a session that did not come through an approved app — the `sid` of a UI login — is refused as
 *   an invalid session, 401 `INVALID_SESSION_ID` (same status page: "The session ID or OAuth token
 *   used has expired or is invalid"), "This session is not valid for use with the REST API", and
 *   a fresh UI login gets the same. An OAuth token of the (approved) connected app works.
 */
export const API_REFUSALS = {
  'org-disabled': {
    status: 403,
    errorCode: 'API_DISABLED_FOR_ORG',
    message: 'The REST API is not enabled for this Organization.',
  },
  'user-disabled': {
    status: 403,
    errorCode: 'API_CURRENTLY_DISABLED',
    message: 'API is disabled for this User',
  },
  'approved-apps-only': {
    status: 401,
    errorCode: 'INVALID_SESSION_ID',
    message: 'This session is not valid for use with the REST API',
  },
} as const;

export const API_ACCESS_MODES: readonly ApiAccessMode[] = [
  'enabled',
  'org-disabled',
  'user-disabled',
  'approved-apps-only',
];

/** The org's current API access, changed at run time by tests and `/__emulator/api-access`. */
export class ApiAccess {
  constructor(public mode: ApiAccessMode) {}

  /** The refusal of a REST request made with this live session, or null to let it in. */
  refusal(session: Session): Reply | null {
    if (this.mode === 'enabled') return null;
    if (this.mode === 'approved-apps-only' && session.viaApp) return null;
    const refusal = API_REFUSALS[this.mode];
    return sfError(refusal.status, refusal.errorCode, refusal.message);
  }
}
