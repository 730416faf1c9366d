import { randomBytes } from 'node:crypto';

export interface Session {
  readonly token: string;
  readonly expiresAt: number | null;
  /** The refresh token this access token was issued with, if any. */
  readonly refreshToken: string | null;
  /**
   * Issued to a connected app through OAuth (not a UI login's `sid`): what API Access Control
   * lets in (`control/api-access.ts`).
   */
  readonly viaApp: boolean;
}

interface RefreshGrant {
  readonly clientId: string;
}

/** Token-ish random text: Salesforce tokens use letters, digits, `.` and `_`. */
export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url').replace(/-/g, '.');
}

/** Access tokens (which are also `sid` values) and refresh tokens of the emulated org. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly refreshGrants = new Map<string, RefreshGrant>();

  constructor(
    private readonly orgId15: string,
    private readonly ttlMs: number | undefined,
  ) {}

  /**
   * A new session (a `sid` from the login form, or an OAuth access token issued with
   * `refreshToken`); its token has Salesforce's shape, `<orgId15>!<random>`.
   */
  createSession(refreshToken: string | null = null): Session {
    const session: Session = {
      token: `${this.orgId15}!AQ${randomToken(72)}`,
      expiresAt: this.ttlMs === undefined ? null : Date.now() + this.ttlMs,
      refreshToken,
      viaApp: refreshToken !== null,
    };
    this.sessions.set(session.token, session);
    return session;
  }

  /** The live session of a token, or null when unknown, expired or revoked. */
  validate(token: string): Session | null {
    const session = this.sessions.get(token);
    if (!session) return null;
    if (session.expiresAt !== null && session.expiresAt <= Date.now()) {
      this.sessions.delete(token);
      return null;
    }
    return session;
  }

  expire(token: string): boolean {
    return this.sessions.delete(token);
  }

  /** End every access token and `sid`; refresh tokens stay valid, as after a session timeout. */
  expireAll(): void {
    this.sessions.clear();
  }

  issueRefreshToken(clientId: string): string {
    const token = `5Aep861${randomToken(64)}`;
    this.refreshGrants.set(token, { clientId });
    return token;
  }

  refreshGrant(token: string): RefreshGrant | null {
    return this.refreshGrants.get(token) ?? null;
  }

  /** Revoke an access token, or a refresh token with every access token issued from it. */
  revoke(token: string): boolean {
    if (this.sessions.delete(token)) return true;
    if (!this.refreshGrants.delete(token)) return false;
    for (const [access, session] of this.sessions) {
      if (session.refreshToken === token) this.sessions.delete(access);
    }
    return true;
  }
}
