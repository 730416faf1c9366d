import { escapeHtml, htmlDocument } from './html';

const CSS = `
body{margin:0;font-family:"Salesforce Sans",Arial,sans-serif;background:#f3f2f2;color:#181818}
.wrap{max-width:380px;margin:64px auto;text-align:center}
.logo{font-size:30px;font-weight:700;color:#00a1e0;margin-bottom:24px}
.card{background:#fff;border:1px solid #d8dde6;border-radius:4px;padding:24px;text-align:left}
label{display:block;font-size:13px;color:#3e3e3c;margin:12px 0 4px}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:10px;border:1px solid #c9c9c9;border-radius:4px;font-size:14px}
button{margin-top:20px;width:100%;padding:12px;border:0;border-radius:4px;background:#0176d3;color:#fff;font-size:15px;cursor:pointer}
button.secondary{background:#fff;color:#0176d3;border:1px solid #c9c9c9;margin-top:8px}
.error{color:#ba0517;font-size:13px;margin-top:8px}
p.small{font-size:12px;color:#706e6b}
ul{font-size:14px}`;

function hidden(fields: Readonly<Record<string, string>>): string {
  return Object.entries(fields)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('\n');
}

/** The login form; field and button ids follow Salesforce's (`username`, `password`, `Login`). */
export function loginPage(options: {
  readonly action: string;
  readonly username: string;
  readonly startUrl: string;
  readonly error?: string;
}): string {
  return htmlDocument(
    'Login | Salesforce',
    CSS,
    `<div class="wrap">
<div class="logo">salesforce</div>
<form class="card" id="login_form" method="post" action="${escapeHtml(options.action)}">
<label for="username">Username</label>
<input type="text" id="username" name="username" value="${escapeHtml(options.username)}">
<label for="password">Password</label>
<input type="password" id="password" name="pw" value="">
${hidden({ startURL: options.startUrl })}
${options.error ? `<div class="error">${escapeHtml(options.error)}</div>` : ''}
<button type="submit" id="Login">Log In</button>
<p class="small">Salesforce org emulator: any password works.</p>
</form>
</div>`,
  );
}

/** The "Allow Access?" page of the authorization-code flow (`oaapprove` / `oadeny` buttons). */
export function consentPage(options: {
  readonly clientId: string;
  readonly params: Readonly<Record<string, string>>;
  readonly username: string;
}): string {
  return htmlDocument(
    'Allow Access? | Salesforce',
    CSS,
    `<div class="wrap">
<div class="logo">salesforce</div>
<form class="card" method="post" action="/services/oauth2/authorize">
<h2>Allow Access?</h2>
<p><strong>${escapeHtml(options.clientId)}</strong> is asking to:</p>
<ul><li>Manage user data via APIs (api)</li><li>Perform requests at any time (refresh_token, offline_access)</li></ul>
<p class="small">You are logged in as ${escapeHtml(options.username)}.</p>
${hidden(options.params)}
<button type="submit" id="oaapprove" name="decision" value="allow">Allow</button>
<button type="submit" id="oadeny" class="secondary" name="decision" value="deny">Deny</button>
</form>
</div>`,
  );
}

export function oauthErrorPage(error: string, description: string): string {
  return htmlDocument(
    'OAuth Error | Salesforce',
    CSS,
    `<div class="wrap"><div class="logo">salesforce</div>
<div class="card"><h2>OAuth Error</h2><p>error=${escapeHtml(error)}</p><p>error_description=${escapeHtml(description)}</p></div></div>`,
  );
}
