/**
 * What the product needs from an sObject describe: its fields' names, labels, types and whether
 * this user may update them.
 */
export interface DescribedField {
  readonly name: string;
  readonly label: string;
  readonly type: string;
  readonly updateable: boolean;
}

export interface ObjectDescribe {
  readonly name: string;
  readonly fields: readonly DescribedField[];
}

function isDescribedField(value: unknown): value is DescribedField {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Record<string, unknown>;
  return (
    typeof f.name === 'string' &&
    typeof f.label === 'string' &&
    typeof f.type === 'string' &&
    typeof f.updateable === 'boolean'
  );
}

/** Keeps the part of a describe response the product uses, checking its shape. */
export function toObjectDescribe(response: unknown): ObjectDescribe {
  const r = (typeof response === 'object' && response !== null ? response : {}) as Record<
    string,
    unknown
  >;
  if (typeof r.name !== 'string' || !Array.isArray(r.fields)) {
    throw new Error('Salesforce describe response has no name or fields');
  }
  return {
    name: r.name,
    fields: r.fields.filter(isDescribedField).map(({ name, label, type, updateable }) => ({
      name,
      label,
      type,
      updateable,
    })),
  };
}
