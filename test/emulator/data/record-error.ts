/** A per-record error as sObject Collections and Bulk API results carry it. */
export interface RecordError {
  readonly statusCode: string;
  readonly message: string;
  readonly fields: readonly string[];
  /** A DUPLICATES_DETECTED error's details (duplicate-rules.ts). */
  readonly duplicateResult?: Readonly<Record<string, unknown>>;
}

/** The record errors a fault rule can inject. */
export const INJECTABLE_RECORD_ERRORS = [
  'ENTITY_IS_DELETED',
  'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  'UNABLE_TO_LOCK_ROW',
  'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
] as const;
export type InjectableRecordError = (typeof INJECTABLE_RECORD_ERRORS)[number];

export function injectedRecordError(
  code: InjectableRecordError,
  id: string,
  message?: string,
): RecordError {
  switch (code) {
    case 'ENTITY_IS_DELETED':
      return { statusCode: code, message: message ?? 'entity is deleted', fields: [] };
    case 'FIELD_CUSTOM_VALIDATION_EXCEPTION':
      return {
        statusCode: code,
        message: message ?? 'This record cannot be changed now.',
        fields: [],
      };
    case 'UNABLE_TO_LOCK_ROW':
      return {
        statusCode: code,
        message: message ?? `unable to obtain exclusive access to this record or 1 records: ${id}`,
        fields: [],
      };
    case 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY':
      return {
        statusCode: code,
        message: message ?? `insufficient access rights on cross-reference id: ${id}`,
        fields: [],
      };
  }
}

/** The HTTP status Salesforce gives a single-record request failing with this error. */
export function statusOfRecordError(error: RecordError): number {
  return error.statusCode === 'ENTITY_IS_DELETED' || error.statusCode === 'NOT_FOUND' ? 404 : 400;
}
