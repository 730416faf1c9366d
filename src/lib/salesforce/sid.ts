import { toId18 } from '../ids';

/**
 * The org a Salesforce session belongs to: a session Id starts with the 15-character org Id,
 * up to its first `!`. Returns the 18-character org Id, or null for anything else.
 */
export function orgIdOfSession(sessionId: string): string | null {
  const prefix = sessionId.split('!', 1)[0] ?? '';
  return prefix.startsWith('00D') ? toId18(prefix) : null;
}
