import { createHash, createHmac } from 'node:crypto';
import {
  apiOrigin,
  formBody,
  type ApiRequest,
  type EmulatorContext,
  type Handler,
} from '../http/context';
import { html, json, oauthError, redirect, type Reply } from '../http/reply';
import { consentPage, loginPage, oauthErrorPage } from '../pages/auth-pages';
import { cookieSession } from './login';

/** The parameters of an authorize request that survive the login and consent pages. */
const AUTHORIZE_PARAMS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'state',
  'scope',
  'code_challenge',
  'code_challenge_method',
  'prompt',
] as const;

const SCOPE = 'api refresh_token';
const SIGNING_KEY = 'salesforce-org-emulator';

/** The identity URL a token response names; jsforce reads the org and user Ids from it. */
export function identityUrl(request: ApiRequest, context: EmulatorContext): string {
  const origin =
    request.hostClass === 'loopback' ? request.origin : `https://${context.hosts.login}`;
  return `${origin}/id/${context.org.orgId}/${context.org.userId}`;
}

function redirectWith(redirectUri: string, params: Readonly<Record<string, string>>): Reply {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) {
    if (value) url.searchParams.set(name, value);
  }
  return redirect(url.toString());
}

function isAbsoluteUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * GET (and the consent form's POST) /services/oauth2/authorize, authorization-code flow with
 * optional PKCE S256: login page without a session, consent page once per client, then a
 * redirect to `redirect_uri?code=…&state=…`.
 */
export const authorize: Handler = (request, context) => {
  const source = request.method === 'POST' ? formBody(request) : request.query;
  const params = Object.fromEntries(
    AUTHORIZE_PARAMS.map((name) => [name, source.get(name) ?? '']),
  ) as Record<(typeof AUTHORIZE_PARAMS)[number], string>;
  const clientId = params.client_id;
  const redirectUri = params.redirect_uri;
  if (!clientId) return html(400, oauthErrorPage('invalid_client_id', 'client identifier invalid'));
  if (!redirectUri || !isAbsoluteUrl(redirectUri)) {
    return html(
      400,
      oauthErrorPage('redirect_uri_mismatch', 'redirect_uri must match configuration'),
    );
  }
  const state = params.state;
  if (params.response_type !== 'code') {
    return redirectWith(redirectUri, {
      error: 'unsupported_response_type',
      error_description: 'response type not supported',
      state,
    });
  }
  if (params.code_challenge && (params.code_challenge_method || 'S256') !== 'S256') {
    return redirectWith(redirectUri, {
      error: 'invalid_request',
      error_description: 'invalid code challenge method',
      state,
    });
  }
  const prompt = params.prompt;
  if (!cookieSession(request, context) || prompt.includes('login')) {
    // Come back here after logging in, without asking for the login again.
    const afterLogin = { ...params, prompt: prompt.replace('login', '').trim() };
    const startUrl = `/services/oauth2/authorize?${new URLSearchParams(afterLogin).toString()}`;
    return html(200, loginPage({ action: '/', username: context.options.username, startUrl }));
  }
  const decision = request.method === 'POST' ? source.get('decision') : null;
  if (decision === 'deny') {
    return redirectWith(redirectUri, {
      error: 'access_denied',
      error_description: 'end-user denied authorization',
      state,
    });
  }
  if (decision === 'allow') context.oauth.approve(clientId);
  if (!context.oauth.isApproved(clientId) || (prompt.includes('consent') && decision !== 'allow')) {
    return html(200, consentPage({ clientId, params, username: context.options.username }));
  }
  const code = context.oauth.issueCode({
    clientId,
    redirectUri,
    codeChallenge: params.code_challenge || null,
  });
  return redirectWith(redirectUri, { code, state });
};

function tokenResponse(
  request: ApiRequest,
  context: EmulatorContext,
  accessToken: string,
  refreshToken: string | null,
): Reply {
  const id = identityUrl(request, context);
  const issuedAt = String(Date.now());
  const signature = createHmac('sha256', SIGNING_KEY)
    .update(id + issuedAt)
    .digest('base64');
  return json(200, {
    access_token: accessToken,
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    signature,
    scope: SCOPE,
    instance_url: apiOrigin(request, context),
    id,
    token_type: 'Bearer',
    issued_at: issuedAt,
  });
}

function pkceMatches(challenge: string, verifier: string): boolean {
  return createHash('sha256').update(verifier).digest('base64url') === challenge;
}

/** POST /services/oauth2/token: authorization_code (with PKCE) and refresh_token grants. */
export const token: Handler = (request, context) => {
  const form = formBody(request);
  const clientId = form.get('client_id') ?? '';
  switch (form.get('grant_type')) {
    case 'authorization_code': {
      const grant = context.oauth.takeCode(form.get('code') ?? '');
      if (!grant) return oauthError(400, 'invalid_grant', 'invalid authorization code');
      if (grant.clientId !== clientId) {
        return oauthError(400, 'invalid_client_id', 'client identifier invalid');
      }
      if (grant.redirectUri !== form.get('redirect_uri')) {
        return oauthError(400, 'redirect_uri_mismatch', 'redirect_uri must match configuration');
      }
      if (
        grant.codeChallenge &&
        !pkceMatches(grant.codeChallenge, form.get('code_verifier') ?? '')
      ) {
        return oauthError(400, 'invalid_grant', 'invalid code verifier');
      }
      const refreshToken = context.sessions.issueRefreshToken(clientId);
      const session = context.sessions.createSession(refreshToken);
      return tokenResponse(request, context, session.token, refreshToken);
    }
    case 'refresh_token': {
      const presented = form.get('refresh_token') ?? '';
      const grant = context.sessions.refreshGrant(presented);
      if (!grant) return oauthError(400, 'invalid_grant', 'expired access/refresh token');
      if (clientId && grant.clientId !== clientId) {
        return oauthError(400, 'invalid_client_id', 'client identifier invalid');
      }
      let refreshToken = presented;
      let rotated: string | null = null;
      if (context.options.rotateRefreshTokens) {
        rotated = context.sessions.issueRefreshToken(grant.clientId);
        context.sessions.revoke(presented);
        refreshToken = rotated;
      }
      const session = context.sessions.createSession(refreshToken);
      return tokenResponse(request, context, session.token, rotated);
    }
    default:
      return oauthError(400, 'unsupported_grant_type', 'grant type not supported');
  }
};

/** POST (or GET) /services/oauth2/revoke: 200 with an empty body, 400 for an unknown token. */
export const revoke: Handler = (request, context) => {
  const tokenText = (request.method === 'POST' ? formBody(request) : request.query).get('token');
  if (!tokenText || !context.sessions.revoke(tokenText)) {
    return oauthError(400, 'invalid_token', 'invalid token');
  }
  return { status: 200, headers: {}, body: '' };
};
