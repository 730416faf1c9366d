import type { PersonObject } from '../ids';
import type { PersonKind } from '../settings';

/** Where each kind of person lives in Salesforce and how its records are told apart. */
export const KIND_SOURCE: Readonly<
  Record<PersonKind, { object: PersonObject; email: string; filter: string | null }>
> = {
  Contact: { object: 'Contact', email: 'Email', filter: null },
  Lead: { object: 'Lead', email: 'Email', filter: null },
  PersonAccount: { object: 'Account', email: 'PersonEmail', filter: 'IsPersonAccount = true' },
};

/** The kind of a stored unsubscribe: the extension only ever stores Person Accounts as Accounts. */
export function kindOfObject(object: PersonObject): PersonKind {
  return object === 'Account' ? 'PersonAccount' : object;
}
