import { describe, expect, it } from 'vitest';
import { auditCsv, csvField } from './audit-csv.ts';

describe('csvField', () => {
  it('quotes fields with separators, quotes and line breaks', () => {
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });
  it('neutralises a formula so a spreadsheet never runs it', () => expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"'));
});

describe('auditCsv', () => {
  it('starts with a BOM and a German header, one line per entry', () => {
    const csv = auditCsv([
      { id: 'e1', at: '2026-11-25T08:00:00.000Z', kind: 'sign_in', user: { id: 'u', name: 'Anna Admin', email: 'a@x.de' }, subject: null, doc: null, ip: '127.0.0.1', details: {} },
      { id: 'd1', at: '2026-11-25T08:01:00.000Z', kind: 'doc_changed', user: null, subject: null, doc: 'org', ip: '', details: { bytes: 12 } },
    ]);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toBe('Zeitpunkt (UTC);Ereignis;Code;Benutzer;E-Mail;Betroffen;Dokument;IP;Details');
    expect(lines[1]).toBe('2026-11-25T08:00:00.000Z;Anmeldung;sign_in;Anna Admin;a@x.de;;;127.0.0.1;');
    expect(lines[2]).toBe('2026-11-25T08:01:00.000Z;Dokument geändert;doc_changed;System;;;org;;"{""bytes"":12}"');
  });
});
