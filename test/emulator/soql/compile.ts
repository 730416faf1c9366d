import {
  parseQuery,
  type FieldType as SelectField,
  type OrderByClause,
  type Query,
} from '@jetstreamapp/soql-parser-js';
import type { Org } from '../data/org';
import type { FieldDef, ObjectName } from '../data/schema';
import { SoqlError, noSuchColumn, pointedMessage, unsupported } from './soql-error';
import { compileWhere, type CompiledWhere } from './where';

export interface OrderKey {
  readonly field: FieldDef;
  readonly descending: boolean;
  readonly nullsLast: boolean;
}

/** How a COUNT query answers: bare `COUNT()` only sets totalSize; `COUNT(field)` is a row. */
export type CountStyle =
  { readonly style: 'bare' } | { readonly style: 'aggregate'; readonly alias: string };

/**
 * A field of the parent record named in SELECT through a child-to-parent relationship, one level
 * (`Account.Name` on Contact): the lookup that names the parent, its object and the parent's field.
 */
export interface ParentField {
  /** The lookup's `relationshipName` (`Account`): the key of the parent in each row. */
  readonly relationship: string;
  readonly reference: FieldDef;
  readonly object: ObjectName;
  readonly field: FieldDef;
}

export interface CompiledQuery {
  readonly soql: string;
  readonly object: ObjectName;
  readonly fields: readonly FieldDef[];
  /** Parent fields in SELECT (REST `query` only), in the order selected. */
  readonly parents: readonly ParentField[];
  readonly count: CountStyle | null;
  readonly where: CompiledWhere | null;
  readonly orderBy: readonly OrderKey[];
  readonly limit: number | null;
  readonly offset: number;
}

const MAX_OFFSET = 2000;

/** Parse SOQL with a real SOQL parser and check it against the org's live schema. */
export function compileSoql(org: Org, soql: string): CompiledQuery {
  const query = parse(soql);
  const object = org.objectNamed(query.sObject ?? '');
  if (!object) {
    throw new SoqlError(
      'INVALID_TYPE',
      pointedMessage(
        soql,
        query.sObject ?? '',
        `sObject type '${query.sObject ?? ''}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      ),
    );
  }
  rejectUnsupportedClauses(query);
  const resolve = fieldResolver(org, object, query.sObjectAlias, soql);
  const resolveParent = parentResolver(org, object, query.sObjectAlias, soql);
  const { fields, parents, count } = compileSelect(
    query.fields ?? [],
    { field: resolve, parent: resolveParent },
    soql,
  );
  if ((query.offset ?? 0) > MAX_OFFSET) {
    throw new SoqlError(
      'NUMBER_OUTSIDE_VALID_RANGE',
      `Maximum SOQL offset allowed is ${MAX_OFFSET}`,
    );
  }
  return {
    soql,
    object,
    fields,
    parents,
    count,
    where: query.where ? compileWhere(query.where, resolve, soql) : null,
    orderBy: ([] as OrderByClause[]).concat(query.orderBy ?? []).map((clause) => {
      if (!('field' in clause)) throw unsupported('functions in ORDER BY');
      const descending = clause.order === 'DESC';
      return {
        field: resolve(clause.field),
        descending,
        nullsLast: clause.nulls ? clause.nulls === 'LAST' : descending,
      };
    }),
    limit: query.limit ?? null,
    offset: query.offset ?? 0,
  };
}

function parse(soql: string): Query {
  try {
    return parseQuery(soql);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const found = /found[: ]*-->\s*'(.*?)'\s*<--/s.exec(message)?.[1];
    throw new SoqlError(
      'MALFORMED_QUERY',
      found
        ? pointedMessage(soql, found, `unexpected token: '${found}'`)
        : `unexpected token: <EOF> (${message.split('\n')[0] ?? ''})`,
    );
  }
}

function rejectUnsupportedClauses(query: Query): void {
  if (query.groupBy) throw unsupported('GROUP BY');
  if (query.having) throw unsupported('HAVING');
  if (query.usingScope) throw unsupported('USING SCOPE');
  if (query.withDataCategory) throw unsupported('WITH DATA CATEGORY');
  if (query.for) throw unsupported(`FOR ${query.for}`);
  if (query.update) throw unsupported(`UPDATE ${query.update}`);
}

/** A field path without the object's name or alias in front (`Contact.Email`, `c.Email`). */
function unprefixed(object: ObjectName, alias: string | undefined) {
  const prefixes = [object.toLowerCase(), ...(alias ? [alias.toLowerCase()] : [])];
  return (reference: string): string => {
    const parts = reference.split('.');
    return parts.length >= 2 && prefixes.includes((parts[0] ?? '').toLowerCase())
      ? parts.slice(1).join('.')
      : reference;
  };
}

/** Resolves `Email`, `c.Email` (alias) or `Contact.Email`; other paths are relationships. */
function fieldResolver(org: Org, object: ObjectName, alias: string | undefined, soql: string) {
  const schema = org.schema(object);
  const strip = unprefixed(object, alias);
  return (reference: string): FieldDef => {
    const name = strip(reference);
    if (name.includes('.')) {
      const relationship = name.split('.')[0] ?? name;
      throw new SoqlError(
        'INVALID_FIELD',
        pointedMessage(
          soql,
          name,
          `Didn't understand relationship '${relationship}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
        ),
      );
    }
    const field = schema.field(name);
    if (!field) throw noSuchColumn(soql, name, object);
    return field;
  };
}

/**
 * Resolves a child-to-parent path of one level in SELECT (`Account.Name`, `Contact.Account.Name`,
 * `c.Account.Name`): the lookup whose `relationshipName` is its first part, to an object the
 * emulator holds, and a field of that object (SOQL and SOSL Reference, "Using Relationship
 * Queries",
 * https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-relationships-query-using.html,
 * and "Understanding Relationship Names",
 * https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-relationships-understanding.html).
 * Null for any other path, which the field resolver then refuses as Salesforce does.
 */
function parentResolver(org: Org, object: ObjectName, alias: string | undefined, soql: string) {
  const schema = org.schema(object);
  const strip = unprefixed(object, alias);
  return (reference: string): ParentField | null => {
    const parts = strip(reference).split('.');
    if (parts.length !== 2) return null;
    const [relationship = '', name = ''] = parts;
    const lookup = schema.fields.find(
      (f) =>
        f.type === 'reference' && f.relationshipName?.toLowerCase() === relationship.toLowerCase(),
    );
    const parentObject = org.objectNamed(lookup?.referenceTo?.[0] ?? '');
    if (!lookup?.relationshipName || lookup.referenceTo?.length !== 1 || !parentObject) return null;
    const field = org.schema(parentObject).field(name);
    if (!field) throw noSuchColumn(soql, name, parentObject);
    return {
      relationship: lookup.relationshipName,
      reference: lookup,
      object: parentObject,
      field,
    };
  };
}

interface Resolvers {
  readonly field: (reference: string) => FieldDef;
  readonly parent: (reference: string) => ParentField | null;
}

function compileSelect(
  items: readonly SelectField[],
  resolve: Resolvers,
  soql: string,
): { fields: FieldDef[]; parents: ParentField[]; count: CountStyle | null } {
  const fields: FieldDef[] = [];
  const parents: ParentField[] = [];
  let count: CountStyle | null = null;
  for (const item of items) {
    switch (item.type) {
      case 'Field':
        fields.push(resolve.field(item.field));
        break;
      case 'FieldRelationship': {
        const path = item.rawValue ?? [...item.relationships, item.field].join('.');
        const parent = resolve.parent(path);
        if (parent) parents.push(parent);
        else fields.push(resolve.field(path));
        break;
      }
      case 'FieldFunctionExpression': {
        if (item.functionName.toUpperCase() !== 'COUNT')
          throw unsupported(`${item.functionName}()`);
        const [parameter] = item.parameters;
        if (parameter === undefined) {
          count = { style: 'bare' };
        } else {
          if (typeof parameter === 'string') resolve.field(parameter);
          count = { style: 'aggregate', alias: item.alias ?? 'expr0' };
        }
        break;
      }
      default:
        throw unsupported('subqueries and TYPEOF in SELECT');
    }
  }
  const names = new Set<string>();
  for (const field of fields) {
    if (names.has(field.name)) {
      throw new SoqlError(
        'MALFORMED_QUERY',
        pointedMessage(soql, field.name, `duplicate field selected: ${field.name}`),
      );
    }
    names.add(field.name);
  }
  for (const parent of parents) {
    const path = `${parent.relationship}.${parent.field.name}`;
    if (names.has(path)) {
      throw new SoqlError(
        'MALFORMED_QUERY',
        pointedMessage(soql, path, `duplicate field selected: ${path}`),
      );
    }
    names.add(path);
  }
  const first = fields[0] ?? parents[0]?.field;
  if (count?.style === 'bare' && (fields.length || parents.length || items.length > 1)) {
    throw new SoqlError('MALFORMED_QUERY', 'COUNT() must be the only element in the SELECT list.');
  }
  if (count && first) {
    throw new SoqlError(
      'MALFORMED_QUERY',
      pointedMessage(soql, first.name, `Field must be grouped or aggregated: ${first.name}`),
    );
  }
  return { fields, parents, count };
}
