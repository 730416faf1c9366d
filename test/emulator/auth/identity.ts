import { toId18 } from '../../../src/lib/ids';
import { apiOrigin, type ApiRequest, type EmulatorContext, type Handler } from '../http/context';
import { json, type Reply } from '../http/reply';
import { identityUrl } from './oauth';

const USER = { firstName: 'Sam', lastName: 'Rivera' } as const;

function bearer(request: ApiRequest): string | null {
  const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1] ?? request.query.get('oauth_token');
}

/** Identity endpoints answer an invalid token with a bare 403 "Bad_OAuth_Token". */
function badToken(): Reply {
  return { status: 403, headers: { 'content-type': 'text/plain' }, body: 'Bad_OAuth_Token' };
}

function urls(request: ApiRequest, context: EmulatorContext): Record<string, string> {
  const origin = apiOrigin(request, context);
  const version = context.versions[context.versions.length - 1] ?? '62.0';
  const data = `${origin}/services/data/v{version}`;
  return {
    enterprise: `${origin}/services/Soap/c/{version}/${context.org.orgId.slice(0, 15)}`,
    metadata: `${origin}/services/Soap/m/{version}/${context.org.orgId.slice(0, 15)}`,
    partner: `${origin}/services/Soap/u/{version}/${context.org.orgId.slice(0, 15)}`,
    rest: `${data}/`,
    sobjects: `${data}/sobjects/`,
    search: `${data}/search/`,
    query: `${data}/query/`,
    recent: `${data}/recent/`,
    tooling_rest: `${data}/tooling/`,
    profile: `${origin}/${context.org.userId}`,
    custom_domain: `https://${context.hosts.myDomain}`,
    latest_version: version,
  };
}

/** GET /id/<orgId>/<userId>: the identity service (needs a valid token). */
export const identity: Handler = (request, context) => {
  const token = bearer(request);
  if (!token || !context.sessions.validate(token)) return badToken();
  const { org } = context;
  if (
    toId18(request.params.orgId ?? '') !== org.orgId ||
    toId18(request.params.userId ?? '') !== org.userId
  ) {
    return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Bad_Id' };
  }
  return json(200, {
    id: identityUrl(request, context),
    asserted_user: true,
    user_id: org.userId,
    organization_id: org.orgId,
    username: context.options.username,
    nick_name: context.options.username.split('@')[0],
    display_name: `${USER.firstName} ${USER.lastName}`,
    email: context.options.username,
    email_verified: true,
    first_name: USER.firstName,
    last_name: USER.lastName,
    timezone: 'America/Los_Angeles',
    status: { created_date: null, body: null },
    urls: urls(request, context),
    active: true,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: -28800000,
    last_modified_date: '2026-01-05T17:00:00.000+0000',
    is_app_installed: true,
  });
};

/** GET /services/oauth2/userinfo: the OpenID Connect view of the same user. */
export const userinfo: Handler = (request, context) => {
  const token = bearer(request);
  if (!token || !context.sessions.validate(token)) return badToken();
  const { org } = context;
  return json(200, {
    sub: identityUrl(request, context),
    user_id: org.userId,
    organization_id: org.orgId,
    preferred_username: context.options.username,
    nickname: context.options.username.split('@')[0],
    name: `${USER.firstName} ${USER.lastName}`,
    email: context.options.username,
    email_verified: true,
    given_name: USER.firstName,
    family_name: USER.lastName,
    zoneinfo: 'America/Los_Angeles',
    profile: `${apiOrigin(request, context)}/${org.userId}`,
    urls: urls(request, context),
    active: true,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: -28800000,
    updated_at: '2026-01-05T17:00:00Z',
    is_app_installed: true,
  });
};
