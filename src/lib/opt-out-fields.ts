import type { DescribedField, ObjectDescribe } from './salesforce/describe';
import { choiceFor, type OrgSettings } from './settings';
import { PERSON_KIND, type PersonKind } from './person-kinds';

/**
 * R8: the Marketo Sales Opt Out checkbox is installed by Marketo's sales packages under an API
 * name that differs between package generations (`mkto_si__…`, `ToutApp__…`) and is not
 * published, so it is found by its label. Labels are compared with case, spaces and punctuation
 * removed, so "MSE - Opt Out" and "Marketo Sales Opt-Out" both match.
 */
const MARKETO_LABELS = new Set([
  'marketosalesoptout',
  'mseoptout',
  'marketosalesengageoptout',
  'salesconnectoptout',
  'toutappoptout',
]);
const MARKETO_NAMESPACE = /^(mkto_si__|ToutApp__)/i;

function normalizeLabel(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const isCheckbox = (field: DescribedField): boolean => field.type === 'boolean';

/** The Marketo Sales Opt Out field of an object, or null when none is installed. */
export function findMarketoField(
  describe: ObjectDescribe,
  apiNameOverride?: string,
): DescribedField | null {
  if (apiNameOverride) {
    return (
      describe.fields.find((f) => f.name.toLowerCase() === apiNameOverride.toLowerCase()) ?? null
    );
  }
  const checkboxes = describe.fields.filter(isCheckbox);
  return (
    checkboxes.find((f) => MARKETO_LABELS.has(normalizeLabel(f.label))) ??
    checkboxes.find((f) => MARKETO_NAMESPACE.test(f.name) && /opt_?out/i.test(f.name)) ??
    null
  );
}

export type FieldProblemReason = 'missing' | 'read-only' | 'not-checkbox' | 'marketo-not-found';

/** A chosen field that cannot be written, in words an admin can act on. */
export interface FieldProblem {
  readonly kind: PersonKind;
  /** The API name; '' for a Marketo field that was looked for by its label and not found. */
  readonly field: string;
  readonly label: string;
  readonly reason: FieldProblemReason;
}

export interface FieldPlan {
  /** Fields to read and set: each exists, is a checkbox and is updateable for this user. */
  readonly fields: readonly DescribedField[];
  readonly problems: readonly FieldProblem[];
}

const MARKETO_LABEL = 'Marketo Sales Opt Out';

function checked(
  kind: PersonKind,
  describe: ObjectDescribe,
  name: string,
  fallbackLabel: string,
): FieldPlan {
  const field = describe.fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
  if (!field)
    return {
      fields: [],
      problems: [{ kind, field: name, label: fallbackLabel, reason: 'missing' }],
    };
  if (!isCheckbox(field)) {
    return {
      fields: [],
      problems: [{ kind, field: field.name, label: field.label, reason: 'not-checkbox' }],
    };
  }
  if (!field.updateable) {
    return {
      fields: [],
      problems: [{ kind, field: field.name, label: field.label, reason: 'read-only' }],
    };
  }
  return { fields: [field], problems: [] };
}

function marketo(describe: ObjectDescribe, kind: PersonKind, settings: OrgSettings): FieldPlan {
  const override = settings.marketoApiName[kind];
  const field = findMarketoField(describe, override);
  if (!field) {
    const reason = override ? 'missing' : 'marketo-not-found';
    return {
      fields: [],
      problems: [{ kind, field: override ?? '', label: MARKETO_LABEL, reason }],
    };
  }
  return checked(kind, describe, field.name, field.label);
}

function merge(...plans: FieldPlan[]): FieldPlan {
  return {
    fields: plans.flatMap((p) => p.fields),
    problems: plans.flatMap((p) => p.problems),
  };
}

/** R7: the field(s) the org chose for this kind of record, checked against its describe (R1b). */
export function chosenFields(
  kind: PersonKind,
  settings: OrgSettings,
  describe: ObjectDescribe,
): FieldPlan {
  const choice = choiceFor(settings, kind);
  const email = () => checked(kind, describe, PERSON_KIND[kind].emailOptOutField, 'Email Opt Out');
  switch (choice.kind) {
    case 'email-opt-out':
      return email();
    case 'marketo':
      return marketo(describe, kind, settings);
    case 'both':
      return merge(email(), marketo(describe, kind, settings));
    case 'other':
      return checked(kind, describe, choice.field, choice.field);
  }
}

/**
 * R2 / R3: the fields a rep's unsubscribe sets. With the nightly sync off, only the standard
 * Email Opt Out field, whatever is chosen; with it on, every chosen field.
 */
export function pushFields(
  kind: PersonKind,
  settings: OrgSettings,
  describe: ObjectDescribe,
): FieldPlan {
  if (!settings.nightlySync) {
    return checked(kind, describe, PERSON_KIND[kind].emailOptOutField, 'Email Opt Out');
  }
  return chosenFields(kind, settings, describe);
}
