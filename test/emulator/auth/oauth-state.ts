import { randomToken } from '../control/sessions';

const CODE_TTL_MS = 15 * 60_000;

export interface AuthorizationCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string | null;
  readonly expiresAt: number;
}

/** Authorization codes in flight, and which client apps the user has already allowed. */
export class OAuthState {
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly approvedClients = new Set<string>();

  issueCode(grant: Omit<AuthorizationCode, 'expiresAt'>): string {
    const code = `aPrx${randomToken(48)}`;
    this.codes.set(code, { ...grant, expiresAt: Date.now() + CODE_TTL_MS });
    return code;
  }

  /** A code can be exchanged once: taking it removes it. */
  takeCode(code: string): AuthorizationCode | null {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    return grant && grant.expiresAt > Date.now() ? grant : null;
  }

  approve(clientId: string): void {
    this.approvedClients.add(clientId);
  }

  isApproved(clientId: string): boolean {
    return this.approvedClients.has(clientId);
  }
}
