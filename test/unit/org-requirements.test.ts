import { readFileSync } from 'node:fs';
import type { Connection } from 'jsforce/core';
import { describe, expect, it, vi } from 'vitest';
import { chosenFields } from '../../src/lib/opt-out-fields';
import type { ObjectDescribe } from '../../src/lib/salesforce/describe';
import { failureOfCode, isTransient } from '../../src/lib/salesforce/failure';
import { writeOptOuts } from '../../src/lib/salesforce/opt-out-writes';
import { defaultSettings } from '../../src/lib/settings';
import { failureText, fieldProblemText } from '../../src/ui/failure-text';

/** Issue 11, behaviours 1 (duplicate rules) and 9 (field-level security): codes and words. */

interface Message {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

/** `chrome.i18n.getMessage` over the English catalog, for the words the UI shows. */
vi.mock('webextension-polyfill', () => {
  const url = new URL('../../public/_locales/en/messages.json', import.meta.url);
  const catalog = JSON.parse(readFileSync(url, 'utf8')) as Record<string, Message>;
  const getMessage = (key: string, substitutions?: string | string[]) => {
    const entry = catalog[key];
    if (!entry) return '';
    const subs = typeof substitutions === 'string' ? [substitutions] : (substitutions ?? []);
    return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) => {
      const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
      return subs[Number(content.slice(1)) - 1] ?? '';
    });
  };
  return { default: { i18n: { getMessage } } };
});

const ID = '003xx0000000001AAA';

function connectionAnswering(answer: unknown) {
  const sent: { headers: Record<string, string> }[] = [];
  const conn = {
    request: (request: { headers: Record<string, string> }) => {
      sent.push(request);
      return Promise.resolve(answer);
    },
  };
  return { conn: conn as unknown as Connection, sent };
}

describe('duplicate rules', () => {
  it('every Collections write carries Sforce-Duplicate-Rule-Header: allowSave=true', async () => {
    const { conn, sent } = connectionAnswering([{ id: ID, success: true, errors: [] }]);
    await writeOptOuts(conn, [
      { recordId: ID, object: 'Contact', fields: ['HasOptedOutOfEmail'], value: true },
    ]);
    expect(sent[0]?.headers).toMatchObject({ 'Sforce-Duplicate-Rule-Header': 'allowSave=true' });
  });

  it('a "Block" rule is a permanent failure, put in plain words with the rule that refused it', async () => {
    const { conn } = connectionAnswering([
      {
        id: ID,
        success: false,
        errors: [
          {
            statusCode: 'DUPLICATES_DETECTED',
            message: 'Use one of these records?',
            fields: [],
            duplicateResult: {
              allowSave: false,
              duplicateRule: 'Standard_Contact_Duplicate_Rule',
              duplicateRuleEntityType: 'Contact',
              errorMessage: 'Use one of these records?',
              matchResults: [],
            },
          },
        ],
      },
    ]);
    const [result] = await writeOptOuts(conn, [
      { recordId: ID, object: 'Contact', fields: ['HasOptedOutOfEmail'], value: true },
    ]);
    if (!result || result.ok) throw new Error('expected a failure');
    expect(result.failure).toEqual({
      ok: false,
      code: 'duplicate-blocked',
      errorCode: 'DUPLICATES_DETECTED',
      detail: 'Use one of these records? (Standard_Contact_Duplicate_Rule)',
    });
    expect(isTransient(result.failure.code)).toBe(false);
    expect(failureText(result.failure)).toBe(
      'A duplicate rule in your org blocked the change: Use one of these records? (Standard_Contact_Duplicate_Rule)',
    );
  });

  it('DUPLICATES_DETECTED from a Bulk row maps the same way', () => {
    expect(failureOfCode('DUPLICATES_DETECTED', 'Use one of these records?').code).toBe(
      'duplicate-blocked',
    );
  });
});

function describeWith(fields: ObjectDescribe['fields']): ObjectDescribe {
  return { name: 'Contact', fields };
}

describe('field-level security', () => {
  const settings = defaultSettings('00Dxx0000000001');

  it('a field the rep can read but not edit (updateable false): "not editable … ask your admin"', () => {
    const plan = chosenFields(
      'Contact',
      settings,
      describeWith([
        { name: 'HasOptedOutOfEmail', label: 'Email Opt Out', type: 'boolean', updateable: false },
      ]),
    );
    expect(plan.fields).toEqual([]);
    expect(plan.problems.map(fieldProblemText)).toEqual([
      'Email Opt Out is not editable for your user — ask your admin for field-level edit access',
    ]);
  });

  it('a field absent from describe: "not visible to you or not installed"', () => {
    const plan = chosenFields('Contact', settings, describeWith([]));
    expect(plan.problems.map(fieldProblemText)).toEqual([
      'Email Opt Out is not visible to you or not installed on Contact',
    ]);
    const marketo = chosenFields(
      'Lead',
      { ...settings, fieldChoice: { kind: 'marketo' } },
      describeWith([]),
    );
    expect(marketo.problems.map(fieldProblemText)).toEqual([
      'Marketo Sales Opt Out is not visible to you or not installed on Lead',
    ]);
  });
});
