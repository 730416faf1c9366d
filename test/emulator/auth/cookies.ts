import type { IncomingHttpHeaders } from 'node:http';

export function parseCookies(headers: IncomingHttpHeaders): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0) cookies[part.slice(0, separator).trim()] = part.slice(separator + 1).trim();
  }
  return cookies;
}

/** The `sid` cookie as the emulator sets it: host-only, Secure, sent cross-site. */
export function sidCookie(token: string): string {
  return `sid=${token}; Path=/; Secure; SameSite=None`;
}

export function clearedSidCookie(): string {
  return 'sid=; Path=/; Secure; SameSite=None; Max-Age=0';
}
