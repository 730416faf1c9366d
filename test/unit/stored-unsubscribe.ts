import type { UnsubscribeRecord } from '../../src/lib/db/schema';

/** The org the unit tests' stored unsubscribes belong to. */
export const ORG = '00D5g000004EXAMPLE';

/** A confirmed click on a Contact, as the store holds it; `over` changes what a test needs. */
export function storedUnsubscribe(over: Partial<UnsubscribeRecord> = {}): UnsubscribeRecord {
  return {
    orgId: ORG,
    recordId: '0035g00000AbCdEAAV',
    object: 'Contact',
    name: 'Ana Lima',
    email: 'ana.lima@example.com',
    instanceUrl: 'https://acme.my.salesforce.com',
    status: 'confirmed',
    fields: ['HasOptedOutOfEmail'],
    setByClick: [],
    source: 'click',
    createdAt: Date.UTC(2026, 2, 9, 15, 30),
    createdBy: 'Rep One',
    pageUrl: null,
    attempts: 1,
    outcomeUnknown: false,
    nextAttemptAt: null,
    lastError: null,
    confirmedAt: null,
    history: [],
    ...over,
  };
}
