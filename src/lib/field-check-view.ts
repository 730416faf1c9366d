import type { ObjectFieldCheck } from './options-messages';
import type { FieldProblem } from './opt-out-fields';
import type { OrgSettings } from './settings';
import { kindOfObject, type PersonKind, type PersonObject } from './person-kinds';

/** How the options page turns a field check into advice (R1b, R8) and warnings (R6). */

/** What fixes a field problem. */
export type FieldFix =
  /** The Marketo Sales Opt Out field was not found: install the package, or name it. */
  | 'install-marketo'
  /** Another chosen field does not exist: create it, or choose another. */
  | 'create-field'
  /** Field-level security: the admin grants edit access and puts it on the layout. */
  | 'edit-access'
  /** The chosen field is not a checkbox. */
  | 'choose-checkbox';

export function fixFor(problem: FieldProblem, settings: OrgSettings): FieldFix {
  switch (problem.reason) {
    case 'read-only':
      return 'edit-access';
    case 'not-checkbox':
      return 'choose-checkbox';
    case 'marketo-not-found':
      return 'install-marketo';
    case 'missing': {
      const override = settings.marketoApiName[problem.kind];
      const isMarketo =
        override !== undefined && override.toLowerCase() === problem.field.toLowerCase();
      return isMarketo ? 'install-marketo' : 'create-field';
    }
  }
}

/**
 * How the page names the opt-out fields a record holds set, the ones to uncheck in Salesforce
 * to take it back (R6): by their labels from the object's describe, as the field check gave
 * them; by API name where the check is not known or does not list the field.
 */
export function fieldLabels(
  object: PersonObject,
  names: readonly string[],
  checks: readonly ObjectFieldCheck[] | null,
): string[] {
  const check = checks?.find((c) => c.kind === kindOfObject(object));
  const described = [
    ...(check?.checkboxes ?? []),
    ...(check?.chosen ?? []),
    ...(check?.marketoField ? [check.marketoField] : []),
    ...(check?.problems ?? []).map((p) => ({ name: p.field, label: p.label })),
  ];
  // API names are case-insensitive in Salesforce.
  const labels = new Map(described.map((f) => [f.name.toLowerCase(), f.label]));
  return [...new Set(names.map((name) => labels.get(name.toLowerCase()) ?? name))];
}

/** The checkbox fields a user can pick for a scope: one object's, or every object's by name. */
export function checkboxOptions(
  checks: readonly ObjectFieldCheck[] | null,
  kind: PersonKind | 'all',
): { name: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const check of checks ?? []) {
    if (!check.available || (kind !== 'all' && check.kind !== kind)) continue;
    for (const box of check.checkboxes) if (!seen.has(box.name)) seen.set(box.name, box.label);
  }
  return [...seen]
    .map(([name, label]) => ({ name, label }))
    .sort((a, b) => a.label.localeCompare(b.label) || a.name.localeCompare(b.name));
}
