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

export interface CompiledQuery {
  readonly soql: string;
  readonly object: ObjectName;
  readonly fields: readonly FieldDef[];
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
  const { fields, count } = compileSelect(query.fields ?? [], resolve, soql);
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

/** Resolves `Email`, `c.Email` (alias) or `Contact.Email`; other paths are relationships. */
function fieldResolver(org: Org, object: ObjectName, alias: string | undefined, soql: string) {
  const schema = org.schema(object);
  const prefixes = [object.toLowerCase(), ...(alias ? [alias.toLowerCase()] : [])];
  return (reference: string): FieldDef => {
    const parts = reference.split('.');
    const name =
      parts.length === 2 && prefixes.includes((parts[0] ?? '').toLowerCase())
        ? (parts[1] ?? '')
        : reference;
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

function compileSelect(
  items: readonly SelectField[],
  resolve: (reference: string) => FieldDef,
  soql: string,
): { fields: FieldDef[]; count: CountStyle | null } {
  const fields: FieldDef[] = [];
  let count: CountStyle | null = null;
  for (const item of items) {
    switch (item.type) {
      case 'Field':
        fields.push(resolve(item.field));
        break;
      case 'FieldRelationship':
        fields.push(resolve(item.rawValue ?? [...item.relationships, item.field].join('.')));
        break;
      case 'FieldFunctionExpression': {
        if (item.functionName.toUpperCase() !== 'COUNT')
          throw unsupported(`${item.functionName}()`);
        const [parameter] = item.parameters;
        if (parameter === undefined) {
          count = { style: 'bare' };
        } else {
          if (typeof parameter === 'string') resolve(parameter);
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
  const first = fields[0];
  if (count?.style === 'bare' && (fields.length || items.length > 1)) {
    throw new SoqlError('MALFORMED_QUERY', 'COUNT() must be the only element in the SELECT list.');
  }
  if (count && first) {
    throw new SoqlError(
      'MALFORMED_QUERY',
      pointedMessage(soql, first.name, `Field must be grouped or aggregated: ${first.name}`),
    );
  }
  return { fields, count };
}
