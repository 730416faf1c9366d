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

  it('restores the case of an 18-character Id from its checksum', () => {
    expect(toId18('001xx000003dgb2aag')).toBe('001xx000003DGb2AAG');
    expect(toId18('001XX000003DGB2AAG')).toBe('001xx000003DGb2AAG');
    expect(toId18('003XX000004TMIQAAS')).toBe('003xx000004TmiQAAS');
    expect(parsePersonId('003xx000004tmiqaas')).toEqual({
      id: '003xx000004TmiQAAS',
      object: 'Contact',
    });
  });

  it('refuses an 18-character Id whose checksum cannot be its own', () => {
    // 'B' sets the case bit of the first character, a digit.
    expect(toId18('001xx000003DGb2BAG')).toBeNull();
    // '9' is outside the checksum alphabet.
    expect(toId18('001xx000003DGb2AA9')).toBeNull();
    expect(parsePersonId('003xx000004tmiq9as')).toBeNull();
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
