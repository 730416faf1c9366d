/**
 * What a person does in the OAuth popup, done with plain fetch: open the authorize URL, log in,
 * allow access, and read the redirect. Cookies are carried by hand, as a browser would.
 */

export interface AuthorizeOutcome {
  /** The final redirect to the client's redirect_uri. */
  readonly redirect: URL;
  /** Which pages were shown on the way ('login', 'consent'). */
  readonly pages: readonly string[];
}

function hiddenInputs(html: string): URLSearchParams {
  const form = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(match[1] ?? '', decodeEntities(match[2] ?? ''));
  }
  return form;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export async function authorizeInBrowser(
  authorizationUrl: string,
  decision: 'allow' | 'deny' = 'allow',
): Promise<AuthorizeOutcome> {
  const origin = new URL(authorizationUrl).origin;
  const pages: string[] = [];
  let cookie = '';
  const go = async (url: string, form?: URLSearchParams): Promise<Response> => {
    const response = await fetch(new URL(url, origin), {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: form.toString() } : {}),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0] ?? '';
    return response;
  };

  let response = await go(authorizationUrl);
  for (let step = 0; step < 6; step++) {
    if (response.status === 302) {
      const location = response.headers.get('location') ?? '';
      const target = new URL(location, origin);
      if (target.origin !== origin) return { redirect: target, pages };
      response = await go(location);
      continue;
    }
    const html = await response.text();
    if (html.includes('id="Login"')) {
      pages.push('login');
      const form = hiddenInputs(html);
      form.set('username', 'sam.rivera@acme.example.com');
      form.set('pw', 'anything');
      response = await go('/', form);
    } else if (html.includes('id="oaapprove"')) {
      pages.push('consent');
      const form = hiddenInputs(html);
      form.set('decision', decision);
      response = await go('/services/oauth2/authorize', form);
    } else {
      throw new Error(`Unexpected page (${response.status}): ${html.slice(0, 200)}`);
    }
  }
  throw new Error('Too many steps in the authorize flow');
}
