// `borderpost trust import|list`, run in-process through main(argv, io) with the real ICAO CSCA master
// list of shared/datasets/epassport/masterlist (520 CSCAs; counts per country in masterlist_summary.json).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { openStationStore } from '../../station/station.js';
import { EPASSPORT_DIR } from '../../station/documents/chip/test-support/datasets.js';
import { main } from '../index.js';
import type { Io } from '../command.js';

const ML = `${EPASSPORT_DIR}masterlist/icao_masterlist_allowlist.ml`;
const SUMMARY = JSON.parse(readFileSync(`${EPASSPORT_DIR}masterlist/masterlist_summary.json`, 'utf8')) as { certs_per_country: Record<string, number> };

let dir: ReturnType<typeof tempDir>;
let dataDir: string;
beforeEach(() => {
  dir = tempDir();
  dataDir = join(dir.path, 'data');
});
afterEach(() => dir.cleanup());

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), json: (v) => out.push(JSON.stringify(v)), readStdin: async () => '', env: {} };
  const code = await main([...argv, '--data-dir', dataDir], io);
  return { code, out, err, json: () => JSON.parse(out[0] ?? 'null') as Record<string, unknown> };
}

describe('borderpost trust', () => {
  it('imports the ICAO master list, audits it, and lists 520 CSCAs grouped by country', async () => {
    const imported = await run(['trust', 'import', ML, '--json']);
    expect(imported.code).toBe(0);
    const report = imported.json() as { imported: { file: string; kind: string; added: number; skipped: unknown[] }[]; refused: unknown[] };
    expect(report.imported).toEqual([expect.objectContaining({ file: ML, kind: 'master-list', added: 520, skipped: [] })]);
    expect(report.refused).toEqual([]);

    const store = openStationStore({ dataDir });
    try {
      expect(store.audit.list().map((e) => [e.action, e.subject])).toEqual([['trust.import', 'c07e8be755ff637af06231381b844ea3de5db8f8790fe1ac4e73f2e61c9c0ea5']]);
    } finally {
      store.db.close();
    }

    const listed = await run(['trust', 'list', '--json']);
    expect(listed.code).toBe(0);
    const { cscas, crls } = listed.json() as { cscas: { country: string; subject: string; notBefore: string; notAfter: string; keyId: string | null; link: boolean; source: string }[]; crls: unknown[] };
    expect(cscas).toHaveLength(520);
    expect(crls).toEqual([]);
    expect(cscas.filter((c) => c.country === 'DE')).toHaveLength(SUMMARY.certs_per_country.DE!);
    expect(cscas[0]).toEqual({ country: expect.stringMatching(/^[A-Z]{2}$/), subject: expect.any(String), notBefore: expect.any(String), notAfter: expect.any(String), keyId: expect.anything(), link: expect.any(Boolean), source: 'master list icao_masterlist_allowlist.ml' });

    const human = await run(['trust', 'list']);
    expect(human.out[0]).toMatch(/^520 CSCA certificates from 90 countries; 0 CRLs\nsource: master list icao_masterlist_allowlist.ml\n/);
    expect(human.out[0]).toMatch(new RegExp(`\\nDE  \\(${SUMMARY.certs_per_country.DE}\\)\\n  \\d{4}-\\d{2}-\\d{2} … \\d{4}-\\d{2}-\\d{2}  [0-9A-F-]`));

    const de = await run(['trust', 'list', '--country', 'de', '--json']);
    expect((de.json().cscas as { country: string }[]).every((c) => c.country === 'DE')).toBe(true);
    expect(de.json().cscas).toHaveLength(SUMMARY.certs_per_country.DE!);
  });

  it('a second import of the same list is usable (exit 0) but adds nothing', async () => {
    expect((await run(['trust', 'import', ML])).code).toBe(0);
    const again = await run(['trust', 'import', ML]);
    expect(again.code).toBe(0);
    expect(again.out[0]).toMatch(/master list, 0 added, 520 skipped \(the same file was imported on .*\)\n {2}list signature: .*\n {2}520 already in the trust store/);
  });

  it('exits 1 when nothing usable was found, naming why each file was refused', async () => {
    const readme = join(dir.path, 'README.txt');
    writeFileSync(readme, 'not a certificate');
    const text = await run(['trust', 'import', readme]);
    expect(text.code).toBe(1);
    expect(text.out[0]).toBe(`refused ${readme}: a text file without a PEM block, not a certificate, CRL or master list\nnothing usable was found: the trust store is unchanged`);
    const json = await run(['trust', 'import', readme, '--json']);
    expect(json.code).toBe(1);
    expect(json.json()).toEqual({ imported: [], refused: [{ file: readme, code: 'text', reason: expect.stringMatching(/^a text file/) }] });
    expect((await run(['trust', 'list'])).out[0]).toMatch(/the trust store is empty/);
  });

  it('exits 2 for unusable input: no path, two paths, a path that does not exist, a bad country code', async () => {
    expect((await run(['trust', 'import'])).code).toBe(2);
    expect((await run(['trust', 'import', ML, ML])).code).toBe(2);
    const missing = await run(['trust', 'import', join(dir.path, 'nope.ml'), '--json']);
    expect(missing.code).toBe(2);
    expect(missing.json()).toMatchObject({ ok: false, error: { code: 'unreadable', message: expect.stringMatching(/no such file or directory/) } });
    expect((await run(['trust', 'list', '--country', 'Germany'])).code).toBe(2);
  });
});
