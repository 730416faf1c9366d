import type { Session } from '../control/sessions';
import { formBody, type ApiRequest, type EmulatorContext, type Handler } from '../http/context';
import { html, redirect } from '../http/reply';
import { loginPage } from '../pages/auth-pages';
import { clearedSidCookie, sidCookie } from './cookies';

const HOME = '/lightning/page/home';

/** The live session named by this host's `sid` cookie. */
export function cookieSession(request: ApiRequest, context: EmulatorContext): Session | null {
  const sid = request.cookies.sid;
  return sid ? context.sessions.validate(sid) : null;
}

/** Only same-site paths are followed after login, never another origin. */
function returnPath(text: string | null | undefined, fallback: string): string {
  return text && text.startsWith('/') && !text.startsWith('//') ? text : fallback;
}

function frontdoorUrl(host: string, sid: string, retUrl: string): string {
  const query = new URLSearchParams({ sid, retURL: retUrl });
  return `https://${host}/secur/frontdoor.jsp?${query.toString()}`;
}

export const showLogin: Handler = (request, context) => {
  const startUrl = request.query.get('startURL') ?? '';
  const signedIn = cookieSession(request, context);
  if (signedIn && request.host === context.hosts.myDomain && !startUrl) {
    return redirect(`https://${context.hosts.lightning}${HOME}`);
  }
  return html(
    200,
    loginPage({ action: request.path, username: context.options.username, startUrl }),
  );
};

/**
 * Any password is accepted. The new session's `sid` is set on this host, then a frontdoor hop
 * sets it on the My Domain and Lightning hosts too, as Salesforce's login does.
 */
export const submitLogin: Handler = (request, context) => {
  const form = formBody(request);
  const username = form.get('username')?.trim() ?? '';
  const startUrl = returnPath(form.get('startURL'), HOME);
  if (!username) {
    return html(
      200,
      loginPage({
        action: request.path,
        username: '',
        startUrl,
        error: 'Please check your username and password.',
      }),
    );
  }
  const session = context.sessions.createSession();
  const setCookie = { 'set-cookie': sidCookie(session.token) };
  const { hosts } = context;
  if (startUrl.startsWith('/services/oauth2/') || request.hostClass === 'loopback') {
    return redirect(startUrl, setCookie);
  }
  const next =
    request.host === hosts.myDomain
      ? frontdoorUrl(hosts.lightning, session.token, startUrl)
      : frontdoorUrl(hosts.myDomain, session.token, startUrl);
  return redirect(next, setCookie);
};

/** GET /secur/frontdoor.jsp?sid=…&retURL=…: turn a session id into this host's `sid` cookie. */
export const frontdoor: Handler = (request, context) => {
  const sid = request.query.get('sid') ?? '';
  const retUrl = returnPath(request.query.get('retURL'), HOME);
  const { hosts } = context;
  if (!context.sessions.validate(sid)) {
    const login = `/?${new URLSearchParams({ startURL: retUrl }).toString()}`;
    return redirect(
      request.hostClass === 'lightning' ? `https://${hosts.myDomain}${login}` : login,
    );
  }
  const setCookie = { 'set-cookie': sidCookie(sid) };
  if (request.host === hosts.myDomain && retUrl.startsWith('/lightning')) {
    return redirect(frontdoorUrl(hosts.lightning, sid, retUrl), setCookie);
  }
  return redirect(retUrl, setCookie);
};

export const logout: Handler = (request, context) => {
  const sid = request.cookies.sid;
  if (sid) context.sessions.expire(sid);
  const login = request.hostClass === 'lightning' ? `https://${context.hosts.myDomain}/` : '/';
  return redirect(login, { 'set-cookie': clearedSidCookie() });
};
