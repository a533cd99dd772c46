/**
 * What the booth's freshness chips show for a list installed from a signed bundle: its list id and
 * expiry, current before the expiry, stale (and still checked) after it.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { silentLogger } from '../log.js';
import { applyBundle } from './bundles/apply.js';
import { createBundle } from './bundles/bundle.js';
import { CREATED, EXPIRES, NOW, publisher, trustOf } from './bundles/testing/fixtures.js';
import { DocumentListTarget } from './documents/document-list-target.js';
import { WatchlistService } from './watchlist-service.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('bpwl-service-');
});
afterEach(() => dir.cleanup());

describe('watch-list freshness from signed bundles', () => {
  it('carries the bundle expiry; after it the list is stale but still checked', async () => {
    const P = publisher();
    const data = join(dir.path, 'data');
    const out = join(dir.path, 'sltd.bpwl');
    const payload = 'issuingState,number,type,status,reference\nUTO,L898902C3,P,stolen,R-1\n';
    await createBundle({ kind: 'documents', listId: 'interpol-sltd', type: 'full', version: 7, expiresAt: EXPIRES, createdAt: CREATED, payload, encoding: 'csv', out }, P.privateKey);
    await applyBundle(out, new DocumentListTarget(data), { trust: trustOf(P.trusted), now: NOW });

    let clock = NOW;
    const service = new WatchlistService(data, silentLogger, () => clock, { maxAgeHours: 24 * 365 });
    service.open();
    try {
      expect(service.status()).toEqual([
        expect.objectContaining({ kind: 'documents', listId: 'interpol-sltd', version: 7, records: 1, expiresAt: EXPIRES.toISOString(), stale: false, staleReason: null }),
      ]);
      clock = new Date(EXPIRES.getTime() + 60_000);
      expect(service.status()[0]).toMatchObject({ stale: true, staleReason: `its signed bundle expired on ${EXPIRES.toISOString()}` });
      expect(service.checkDocument({ documentNumber: 'L898902C3', issuingState: 'UTO' } as never).check).toMatchObject({ status: 'fail' });
    } finally {
      service.close();
    }
  });
});
