/**
 * A million-row bundle is verified and read with memory that does not grow with the list: the
 * figures are printed (RSS before, peak while verifying and reading, rows per second), and the
 * assertion is a generous bound, far below what holding the rows would take.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/helpers/temp-dir.js';
import { createBundle, openPayload, verifyBundle } from './bundle.js';
import { CREATED, EXPIRES, NOW, publisher, trustOf } from './testing/fixtures.js';

const ROWS = 1_000_000;
const P = publisher();
let dir: ReturnType<typeof tempDir>;
beforeAll(() => {
  dir = tempDir('bpwl-big-');
});
afterAll(() => dir.cleanup());

async function* rows(): AsyncGenerator<string> {
  yield 'issuingState,number,type,status,reference\n';
  const states = ['UTO', 'D', 'FRA', 'ITA', 'GBR', 'USA', 'CHN', 'IND'];
  for (let base = 0; base < ROWS; base += 10_000) {
    let chunk = '';
    for (let i = base; i < base + 10_000; i++) chunk += `${states[i % states.length]},X${i.toString(36).toUpperCase().padStart(8, '0')},P,stolen,REF-${i}\n`;
    yield chunk;
  }
}

const mb = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MB`;

describe('a 1,000,000-row bundle', () => {
  it('verifies and streams its rows without holding them', { timeout: 300_000 }, async () => {
    const out = join(dir.path, 'big.bpwl');
    const t0 = performance.now();
    const created = await createBundle({ kind: 'documents', listId: 'interpol-sltd', type: 'full', version: 1, expiresAt: EXPIRES, createdAt: CREATED, payload: rows(), encoding: 'csv', out }, P.privateKey);
    const tCreate = performance.now() - t0;
    expect(created.header.payload.records).toBe(ROWS);

    const rssBefore = process.memoryUsage.rss();
    let peak = rssBefore;
    const t1 = performance.now();
    const v = await verifyBundle(out, trustOf(P.trusted), null, NOW);
    const tVerify = performance.now() - t1;
    peak = Math.max(peak, process.memoryUsage.rss());
    let n = 0;
    let last = '';
    const t2 = performance.now();
    for await (const e of openPayload(v)) {
      if (++n % 50_000 === 0) peak = Math.max(peak, process.memoryUsage.rss());
      if (e.op === 'upsert') last = String(e.row.reference);
    }
    const tRead = performance.now() - t2;
    peak = Math.max(peak, process.memoryUsage.rss());
    expect(n).toBe(ROWS);
    expect(last).toBe(`REF-${ROWS - 1}`);

    const decoded = created.header.payload.decodedBytes;
    const growth = peak - rssBefore;
    console.log(
      [
        `1,000,000-row bundle: ${mb(statSync(out).size)} on disk (gzip), ${mb(decoded)} decoded`,
        `  create ${(tCreate / 1000).toFixed(1)} s, verify (hash + full decode) ${(tVerify / 1000).toFixed(1)} s, read rows ${(tRead / 1000).toFixed(1)} s = ${Math.round(ROWS / (tRead / 1000)).toLocaleString('en')} rows/s`,
        `  RSS before ${mb(rssBefore)}, peak ${mb(peak)}, growth ${mb(growth)}`,
      ].join('\n'),
    );
    // Holding the rows as objects would take several times the decoded size; streaming stays well under it.
    expect(growth).toBeLessThan(Math.max(96 * 2 ** 20, decoded));
  });
});
