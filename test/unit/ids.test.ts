import { describe, expect, it } from 'vitest';
import { idChecksum, objectOfId, parsePersonId, toId18 } from '../../src/lib/ids';

describe('Salesforce Ids', () => {
  it('computes the documented checksum', () => {
    expect(idChecksum('001xx000003DGb2')).toBe('AAG');
    expect(toId18('001xx000003DGb2')).toBe('001xx000003DGb2AAG');
  });

  it('accepts an 18-character Id only when its checksum matches, in either case', () => {
    expect(toId18('001xx000003DGb2AAG')).toBe('001xx000003DGb2AAG');
    expect(toId18('001xx000003DGb2aag')).toBe('001xx000003DGb2AAG');
    expect(toId18('001xx000003DGb2AAH')).toBeNull();
  });

  it('keeps case significant in the 15-character form', () => {
    expect(toId18('001xx000003DGB2')).not.toBe(toId18('001xx000003DGb2'));
  });

  it('refuses text that is not an Id', () => {
    for (const text of [
      '',
      '003',
      '003xx000004TmiQ1',
      '003xx000004Tmi!',
      '003xx000004TmiQAAAA',
      ' 003xx000004TmiQ',
    ]) {
      expect(toId18(text)).toBeNull();
    }
  });

  it('knows the person objects by key prefix and nothing else', () => {
    expect(objectOfId('003xx000004TmiQ')).toBe('Contact');
    expect(objectOfId('00Qxx000001AbCd')).toBe('Lead');
    expect(objectOfId('001xx000003DGb2')).toBe('Account');
    expect(objectOfId('006xx000001AbCd')).toBeNull();
    expect(parsePersonId('006xx000001AbCd')).toBeNull();
    expect(parsePersonId('003xx000004TmiQ')).toEqual({
      id: '003xx000004TmiQAAS',
      object: 'Contact',
    });
  });
});
