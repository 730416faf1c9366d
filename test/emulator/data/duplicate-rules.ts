import type { RecordError } from './record-error';
import type { ObjectName } from './schema';

/**
 * Duplicate rules (Duplicate Management), learnt per record: an update of a record that a rule
 * matches is refused with DUPLICATES_DETECTED and the rule's `duplicateResult`, unless the rule's
 * action on edit is "Allow" (with an alert) and the request carries
 * `Sforce-Duplicate-Rule-Header: allowSave=true`. A "Block" rule refuses whatever the header.
 *
 * Shapes, from Salesforce's documentation:
 * - the header: REST API Developer Guide, "Duplicate Rule Header"
 *   (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_duplicaterules.htm):
 *   `allowSave`, `includeRecordDetails`, `runAsCurrentUser`, each default false, API 52.0 and later;
 * - the error: SOAP API Developer Guide, "DuplicateError" (`duplicateResult`, `fields`, `message`,
 *   `statusCode`), "DuplicateResult" (`allowSave`, `duplicateRule`, `duplicateRuleEntityType`,
 *   `errorMessage`, `matchResults`) and "MatchResult" (`entityType`, `errors`, `matchEngine`,
 *   `matchRecords`, `rule`, `size`, `success`)
 *   (https://developer.salesforce.com/docs/platform/api/guide/sforce-api-objects-duplicateresult.html);
 *   in sObject Collections the error carries `statusCode` (the collections pages' own failed-record
 *   example is `{"statusCode": "DUPLICATES_DETECTED", "message": "Use one of these records?",
 *   "fields": []}`), in a single-record request's error envelope `errorCode`.
 * - Bulk API 2.0 documents no duplicate rule header (its "Headers" page lists Sforce-Call-Options,
 *   Warning, Content-Type and Sforce-Line-Ending only), so the emulator's ingest ignores it: a
 *   matching row fails with `DUPLICATES_DETECTED:<message>:--` under either kind of rule.
 */

export type DuplicateAction = 'allow' | 'block';

export interface DuplicateRule {
  /** "Allow" with an alert on edit (saved with allowSave=true), or "Block". */
  readonly action: DuplicateAction;
  /** The duplicate rule's developer name. */
  readonly name: string;
  /** The matching rule's developer name. */
  readonly matchRule: string;
  /** The alert the admin configured. */
  readonly message: string;
  /** The existing records the rule matched. */
  readonly matches: readonly DuplicateMatch[];
}

export interface DuplicateMatch {
  /** 18-character Id. */
  readonly id: string;
  readonly object: ObjectName;
}

/** What a test may give; the rest defaults to Salesforce's standard rules. */
export interface DuplicateRuleInput {
  readonly action: DuplicateAction;
  readonly name?: string;
  readonly matchRule?: string;
  readonly message?: string;
  /** The records it matches; by default the others of its object with its email address. */
  readonly matchIds?: readonly string[];
}

export const DEFAULT_DUPLICATE_MESSAGE = 'Use one of these records?';

export function duplicateRule(
  object: ObjectName,
  input: DuplicateRuleInput,
  matches: readonly DuplicateMatch[],
): DuplicateRule {
  return {
    action: input.action,
    name: input.name ?? `Standard_${object}_Duplicate_Rule`,
    matchRule: input.matchRule ?? `Standard_${object}_Match_Rule_v1_1`,
    message: input.message ?? DEFAULT_DUPLICATE_MESSAGE,
    matches,
  };
}

/** `allowSave=true; includeRecordDetails=false` → true; any other value, or none, → false. */
export function headerAllowsSave(header: string | string[] | undefined, version: string): boolean {
  if (typeof header !== 'string' || Number(version) < 52) return false;
  return header.split(/[;,]/).some((part) => {
    const [key = '', value = ''] = part.split('=').map((s) => s.trim().toLowerCase());
    return key === 'allowsave' && value === 'true';
  });
}

/** Whether the rule lets this update through. */
export function ruleAllows(rule: DuplicateRule, allowSave: boolean): boolean {
  return rule.action === 'allow' && allowSave;
}

/** The record error of a refused update, `duplicateResult` included. */
export function duplicateError(
  object: ObjectName,
  rule: DuplicateRule,
  version: string,
): RecordError {
  return {
    statusCode: 'DUPLICATES_DETECTED',
    message: rule.message,
    fields: [],
    duplicateResult: {
      allowSave: rule.action === 'allow',
      duplicateRule: rule.name,
      duplicateRuleEntityType: object,
      errorMessage: rule.message,
      // One MatchResult per object matched (a rule may compare Contacts with Leads).
      matchResults: [...new Set(rule.matches.map((m) => m.object))].map((entityType) => {
        const records = rule.matches.filter((m) => m.object === entityType);
        return {
          entityType,
          errors: [],
          matchEngine: 'FuzzyMatchEngine',
          matchRecords: records.map(({ id }) => ({
            additionalInformation: [],
            fieldDiffs: [],
            matchConfidence: 100.0,
            record: {
              attributes: {
                type: entityType,
                url: `/services/data/v${version}/sobjects/${entityType}/${id}`,
              },
              Id: id,
            },
          })),
          rule: rule.matchRule,
          size: records.length,
          success: true,
        };
      }),
    },
  };
}
