// The audit log against the real server: sign-ins, changes over sync, filters, paging and CSV export.
import { describe, expect, it } from 'vitest';
import { orgDoc, auditKindNamesDe } from '@workmate/sync-protocol';
import { useAdminApiSuite, STRONG_PASSWORD } from '../helpers/admin-api-suite.ts';
import { connectNodeClient } from '../helpers/node-sync-client.ts';
import type { AccountRow, AuditEntry } from '../helpers/rest-client.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';

const suite = useAdminApiSuite();
const { asAdmin, login, freshEmail, accountBody, createAccount, signedInAccount, audit, tokenOf, setPassword } = suite;

describe('audit log', () => {
  const loopback = /^(::ffff:)?127\.0\.0\.1$|^::1$/;

  it('records sign-ins and failed sign-ins with the address', async () => {
    const user = await createAccount();
    expect((await login(user.email, 'falsch-geraten-123')).status).toBe(401);
    expect((await login(user.email, STRONG_PASSWORD)).status).toBe(200);

    const { entries } = await audit({ user: user.id });
    const failed = entries.find((e) => e.kind === 'sign_in_failed');
    const signedIn = entries.find((e) => e.kind === 'sign_in');
    expect(failed).toMatchObject({ subject: { id: user.id }, details: { email: user.email } });
    expect(failed?.ip).toMatch(loopback);
    expect(signedIn).toMatchObject({ user: { id: user.id, email: user.email } });
    expect(signedIn?.ip).toMatch(loopback);
  });

  it('shows a change made over sync as doc_changed by its user, filtered by doc', async () => {
    const { user, cookie } = await signedInAccount({ roles: ['hr'] });
    const client = connectNodeClient(suite.server.url, 'org', cookie);
    try {
      await waitFor(() => client.provider.synced, { timeoutMs: 30_000, what: 'the sync client to sync' });
      const employeeId = demoEmployeeId(7);
      client.doc.transact(() => orgDoc.setEmployeeField(client.doc, employeeId, 'phone', '+49 30 5550177', new Date().toISOString()));

      const change = await waitFor(
        async () => (await audit({ user: user.id, doc: 'org' })).entries.find((e) => e.kind === 'doc_changed'),
        { timeoutMs: 30_000, what: 'the doc change in the audit log' },
      );
      expect(change).toMatchObject({ doc: 'org', user: { id: user.id, name: user.name, email: user.email } });
    } finally {
      client.destroy();
    }
    const byDoc = await audit({ doc: 'org' });
    expect(byDoc.entries.length).toBeGreaterThan(0);
    expect(byDoc.entries.every((e) => e.kind === 'doc_changed' && e.doc === 'org')).toBe(true);
  });

  it('filters by period, both days included', async () => {
    const newest = (await audit({ user: suite.adminId, limit: '1' })).entries[0]!;
    const day = newest.at.slice(0, 10);
    const shift = (days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

    expect((await audit({ user: suite.adminId, from: day, to: day })).entries.map((e) => e.id)).toContain(newest.id);
    expect((await audit({ user: suite.adminId, from: shift(-3), to: shift(3) })).entries.map((e) => e.id)).toContain(newest.id);
    expect((await audit({ user: suite.adminId, from: shift(1) })).entries).toEqual([]);
    expect((await audit({ user: suite.adminId, to: shift(-1) })).entries).toEqual([]);
  });

  it('pages through the log with next, listing every entry exactly once', async () => {
    // A link account: user_created and password_link_created come from one transaction, at the same instant.
    const created = await asAdmin<{ user: AccountRow; setPasswordUrl: string }>('POST', '/api/admin/users', accountBody({ credential: { kind: 'link' } }));
    const id = created.body.user.id;
    await setPassword(tokenOf(created.body.setPasswordUrl), STRONG_PASSWORD);
    await asAdmin('PATCH', `/api/admin/users/${id}`, { name: 'Paula Paging', roles: ['employee', 'teamlead'] });
    await login(created.body.user.email, STRONG_PASSWORD);

    const all = (await audit({ user: id })).entries.map((e) => e.id);
    expect(all.length).toBeGreaterThanOrEqual(6);

    const paged: string[] = [];
    let next: string | null = null;
    do {
      const page: { entries: AuditEntry[]; next: string | null } = await audit({ user: id, limit: '2', ...(next ? { before: next } : {}) });
      expect(page.entries.length).toBeLessThanOrEqual(2);
      paged.push(...page.entries.map((e) => e.id));
      next = page.next;
    } while (next && paged.length <= all.length);
    expect(paged).toEqual(all);
  });

  it('refuses invalid parameters with 400', async () => {
    const invalid: Array<Record<string, string>> = [
      { user: 'not-a-user' },
      { from: '1.3.2026' },
      { from: '2026-03-10', to: '2026-03-01' },
      { from: '2026-13-01' },
      { before: 'page-two' },
      { before: '2026-99-99T99:99:99.000Z|e1' },
      { limit: '0' },
      { limit: '100000' },
      { limit: 'viele' },
    ];
    const answers = [];
    for (const query of invalid) {
      const res = await asAdmin('GET', `/api/admin/audit?${new URLSearchParams(query)}`);
      answers.push({ query, status: res.status, code: res.error?.code });
    }
    expect(answers).toEqual(invalid.map((query) => ({ query, status: 400, code: 'invalid_parameters' })));
  });

  it('exports CSV for German spreadsheets: BOM, semicolons, one line per entry, formulas neutralised', async () => {
    // A name and an email a spreadsheet would take for formulas.
    const { user } = await signedInAccount({ name: '=SUMME(A1:A9)', email: `+${freshEmail('kalle')}` });
    await asAdmin('PATCH', `/api/admin/users/${user.id}`, { roles: ['employee', 'teamlead'] });

    const res = await fetch(`${suite.server.url}/api/admin/audit.csv?user=${user.id}`, { headers: { cookie: suite.adminCookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1).split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toBe('Zeitpunkt (UTC);Ereignis;Code;Benutzer;E-Mail;Betroffen;Dokument;IP;Details');
    const { entries } = await audit({ user: user.id });
    expect(lines).toHaveLength(1 + entries.length);

    const rows = lines.slice(1).map(csvFields);
    expect(rows.every((fields) => fields.length === 9)).toBe(true);
    expect(rows.map((fields) => fields[1])).toEqual(entries.map((e) => auditKindNamesDe[e.kind]));
    expect(rows.map((fields) => fields[2])).toEqual(entries.map((e) => e.kind));
    const cells = rows.flat();
    expect(cells.filter((cell) => /^[=+\-@]/.test(cell))).toEqual([]);
    expect(cells).toContain("'=SUMME(A1:A9)");
    expect(cells).toContain(`'+${user.email.slice(1)}`);
    expect(cells).toContain(`'=SUMME(A1:A9) <${user.email}>`);
  });
});

/** Splits one CSV line at semicolons outside quotes and unquotes the fields. */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === ';' && !quoted) {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  fields.push(field);
  return fields;
}
