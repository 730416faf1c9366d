import type {
  ConditionWithValueQuery,
  LiteralType,
  NegationCondition,
  ValueCondition,
  WhereClause,
} from '@jetstreamapp/soql-parser-js';
import { toId18 } from '../../../src/lib/ids';
import { parseDate, parseDatetime } from '../data/field-values';
import type { FieldValue, PersonTable } from '../data/person-table';
import type { FieldDef } from '../data/schema';
import { SoqlError, pointedMessage, unsupported } from './soql-error';

/**
 * WHERE clauses. The parser gives a right-leaning chain of conditions and operators with
 * parenthesis counts on the conditions, not a precedence tree; it is flattened back to tokens and
 * re-parsed here with SOQL precedence (NOT, then AND, then OR).
 */

export type RowTest = (table: PersonTable, row: number) => boolean;

export interface CompiledWhere {
  readonly test: RowTest;
  /** When the clause can only match these Ids (an `Id =` / `Id IN` conjunct), the candidates. */
  readonly idCandidates: readonly string[] | null;
}

/** Turns a field reference of the query into the field, or throws the SOQL error. */
export type FieldResolver = (name: string) => FieldDef;

type Token =
  | { readonly kind: '(' | ')' | 'AND' | 'OR' | 'NOT' }
  | { readonly kind: 'condition'; readonly condition: ConditionWithValueQuery };

type Comparable = string | number | boolean | null;

export function compileWhere(
  where: WhereClause,
  resolve: FieldResolver,
  soql: string,
): CompiledWhere {
  const tokens: Token[] = [];
  flatten(where, tokens);
  const parser = new TokenParser(tokens, resolve, soql);
  const compiled = parser.parseOr();
  parser.expectEnd();
  return compiled;
}

function flatten(where: WhereClause, out: Token[]): void {
  const left = where.left as ConditionWithValueQuery | NegationCondition | null;
  if (left) {
    for (let i = 0; i < (left.openParen ?? 0); i++) out.push({ kind: '(' });
    if ('operator' in left) out.push({ kind: 'condition', condition: left });
    const close = 'closeParen' in left ? (left.closeParen ?? 0) : 0;
    for (let i = 0; i < close; i++) out.push({ kind: ')' });
  }
  if ('operator' in where && where.operator) out.push({ kind: where.operator });
  if ('right' in where && where.right) flatten(where.right, out);
}

class TokenParser {
  private position = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly resolve: FieldResolver,
    private readonly soql: string,
  ) {}

  parseOr(): CompiledWhere {
    let left = this.parseAnd();
    while (this.peek() === 'OR') {
      this.position++;
      this.refuseBareNot();
      const right = this.parseAnd();
      const [a, b] = [left, right];
      left = {
        test: (table, row) => a.test(table, row) || b.test(table, row),
        idCandidates:
          a.idCandidates && b.idCandidates ? [...a.idCandidates, ...b.idCandidates] : null,
      };
    }
    return left;
  }

  expectEnd(): void {
    if (this.position !== this.tokens.length) {
      throw new SoqlError('MALFORMED_QUERY', 'unexpected token in WHERE clause');
    }
  }

  private parseAnd(): CompiledWhere {
    let left = this.parseNot();
    while (this.peek() === 'AND') {
      this.position++;
      this.refuseBareNot();
      const right = this.parseNot();
      const [a, b] = [left, right];
      left = {
        test: (table, row) => a.test(table, row) && b.test(table, row),
        idCandidates: intersect(a.idCandidates, b.idCandidates),
      };
    }
    return left;
  }

  /**
   * NOT negates the expression after it ("Logical Operators": `NOT fieldExpressionX` is true if
   * fieldExpressionX is false), and "parentheses are required whenever you mix the operators"
   * (https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-select-logicaloperators.html):
   * the guide's example is `AnnualRevenue > 0 AND (NOT Type = 'Prospect')`. A NOT straight after
   * AND or OR is refused as Salesforce refuses it (`unexpected token: 'NOT'`, reported in
   * jetstreamapp/soql-parser-js issue 201 for `… AND NOT (AnnualRevenue > 0)`); inside
   * parentheses it may negate a parenthesized group: `… AND (NOT (A AND B))`.
   */
  private refuseBareNot(): void {
    if (this.peek() === 'NOT') throw new SoqlError('MALFORMED_QUERY', "unexpected token: 'NOT'");
  }

  private parseNot(): CompiledWhere {
    if (this.peek() === 'NOT') {
      this.position++;
      const operand = this.parseNot();
      return { test: (table, row) => !operand.test(table, row), idCandidates: null };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): CompiledWhere {
    const token = this.tokens[this.position++];
    if (token?.kind === '(') {
      const inner = this.parseOr();
      if (this.tokens[this.position++]?.kind !== ')') {
        throw new SoqlError('MALFORMED_QUERY', 'unexpected token: missing )');
      }
      return inner;
    }
    if (token?.kind === 'condition') return this.compileCondition(token.condition);
    throw new SoqlError('MALFORMED_QUERY', 'unexpected token in WHERE clause');
  }

  private peek(): Token['kind'] | undefined {
    return this.tokens[this.position]?.kind;
  }

  private compileCondition(condition: ConditionWithValueQuery): CompiledWhere {
    if ('valueQuery' in condition) throw unsupported('semi-join subqueries');
    if (!('field' in condition)) throw unsupported('functions in WHERE');
    const comparison = condition as ValueCondition;
    if ('dateLiteralVariable' in condition || isDateLiteral(comparison)) {
      throw unsupported('date literals such as TODAY or LAST_N_DAYS:n');
    }
    return compileComparison(this.resolve(comparison.field), comparison, this.soql);
  }
}

function isDateLiteral(condition: ValueCondition): boolean {
  const types = ([] as Array<LiteralType | undefined>).concat(condition.literalType);
  return types.some((type) => type === 'DATE_LITERAL' || type === 'DATE_N_LITERAL');
}

function intersect(
  a: readonly string[] | null,
  b: readonly string[] | null,
): readonly string[] | null {
  if (!a) return b;
  if (!b) return a;
  const inB = new Set(b);
  return a.filter((id) => inB.has(id));
}

function compileComparison(
  field: FieldDef,
  condition: ValueCondition,
  soql: string,
): CompiledWhere {
  const values = ([] as string[]).concat(condition.value);
  const types = ([] as Array<LiteralType | undefined>).concat(condition.literalType);
  const literals = values.map((raw, i) =>
    literalFor(field, types[i] ?? types[0] ?? 'STRING', raw, soql),
  );
  const { operator } = condition;
  const read = (table: PersonTable, row: number) => comparable(field, table.get(row, field.slot));
  const first = literals[0] ?? null;
  switch (operator) {
    case '=':
      return {
        test: (t, r) => read(t, r) === first,
        idCandidates: field.type === 'id' && typeof first === 'string' ? [first] : null,
      };
    case '!=':
      return { test: (t, r) => read(t, r) !== first, idCandidates: null };
    case '<':
    case '>':
    case '<=':
    case '>=': {
      const accept = ORDERING[operator];
      return {
        test: (t, r) => {
          const value = read(t, r);
          return (
            value !== null && first !== null && accept(value < first ? -1 : value > first ? 1 : 0)
          );
        },
        idCandidates: null,
      };
    }
    case 'LIKE': {
      if (!isTextual(field)) {
        throw new SoqlError(
          'INVALID_QUERY_FILTER_OPERATOR',
          pointedMessage(
            soql,
            field.name,
            `invalid operator on ${field.type} field: ${field.name}`,
          ),
        );
      }
      const pattern = likePattern(unquote(values[0] ?? "''", false));
      return {
        test: (t, r) => {
          const value = read(t, r);
          return typeof value === 'string' && pattern.test(value);
        },
        idCandidates: null,
      };
    }
    case 'IN':
    case 'NOT IN': {
      const set = new Set<Comparable>(literals);
      const negate = operator === 'NOT IN';
      return {
        test: (t, r) => set.has(read(t, r)) !== negate,
        idCandidates:
          !negate && field.type === 'id'
            ? literals.filter((l): l is string => typeof l === 'string')
            : null,
      };
    }
    default:
      throw new SoqlError(
        'INVALID_QUERY_FILTER_OPERATOR',
        pointedMessage(soql, field.name, `invalid operator on ${field.type} field: ${field.name}`),
      );
  }
}

const ORDERING: Readonly<Record<'<' | '>' | '<=' | '>=', (sign: number) => boolean>> = {
  '<': (sign) => sign < 0,
  '>': (sign) => sign > 0,
  '<=': (sign) => sign <= 0,
  '>=': (sign) => sign >= 0,
};

function isTextual(field: FieldDef): boolean {
  return field.type === 'string' || field.type === 'email' || field.type === 'picklist';
}

/**
 * A stored value in the form comparisons use: text case-folded, because "comparisons on strings
 * are case-sensitive for unique case-sensitive fields; for all other fields, comparisons are
 * case-insensitive" (SOQL and SOSL Reference, "Comparison Operators"): `Email = 'ada@x.com'` and
 * `Email IN (…)` match `Ada@X.com`. No emulated text field is unique and case-sensitive.
 */
export function comparable(field: FieldDef, value: FieldValue): Comparable {
  if (value === null || value === '') return null;
  return isTextual(field) && typeof value === 'string' ? value.toLowerCase() : value;
}

function literalFor(field: FieldDef, type: LiteralType, raw: string, soql: string): Comparable {
  if (type === 'NULL') return null;
  const mismatch = (expected: string, quoted: boolean) =>
    new SoqlError(
      'INVALID_FIELD',
      pointedMessage(
        soql,
        raw,
        `value of filter criterion for field '${field.name}' must be of type ${expected} and should ${quoted ? '' : 'not '}be enclosed in quotes`,
      ),
    );
  switch (field.type) {
    case 'boolean':
      if (type !== 'BOOLEAN') throw mismatch('boolean', false);
      return raw.toLowerCase() === 'true';
    case 'datetime': {
      const ms = type === 'DATETIME' ? parseDatetime(raw) : null;
      if (ms === null) throw mismatch('dateTime', false);
      return ms;
    }
    case 'date': {
      const ms = type === 'DATE' ? parseDate(raw) : null;
      if (ms === null) throw mismatch('date', false);
      return ms;
    }
    case 'id':
    case 'reference': {
      if (type !== 'STRING') throw mismatch('string', true);
      const text = unquote(raw, true);
      const id = toId18(text);
      if (!id) {
        throw new SoqlError(
          'INVALID_QUERY_FILTER_OPERATOR',
          pointedMessage(soql, raw, `invalid ID field: ${text}`),
        );
      }
      return id;
    }
    default:
      if (type !== 'STRING') throw mismatch('string', true);
      return unquote(raw, true).toLowerCase();
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

/**
 * The text of a quoted SOQL string. LIKE patterns keep `\%` and `\_` escaped (they mean a literal
 * percent or underscore there), so `resolveEscapes` is false for them.
 */
function unquote(raw: string, resolveEscapes: boolean): string {
  const body = raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw;
  return body.replace(/\\(.)/g, (whole, char: string) =>
    char === '%' || char === '_' ? (resolveEscapes ? char : whole) : (ESCAPES[char] ?? char),
  );
}

function likePattern(text: string): RegExp {
  let source = '';
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (char === '\\' && i + 1 < text.length) {
      source += escapeRegExp(text.charAt(++i));
    } else if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`, 'is');
}

function escapeRegExp(char: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}
