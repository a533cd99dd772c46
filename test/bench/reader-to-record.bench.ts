/**
 * From the last byte of a document reader frame to the inspection being readable through the
 * contract: the simulator writes a real 3M RTE frame into a pseudo-terminal, the serial driver
 * decodes it, the MRZ is parsed, the inspection is stored (encrypted SQLite, WAL, synchronous FULL,
 * audit + outbox in one transaction), and an officer's `inspections.current` call returns it.
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { tempDir, TEST_KDF } from '../helpers/temp-dir.js';
import { openStation } from '../../electron/station/station.js';
import { silentLogger } from '../../electron/station/log.js';
import type { Connection } from '../../electron/station/api/router.js';
import type { Inspection } from '../../electron/contract/index.js';
import { round, summarise } from './stats.js';
import type { BenchSuite } from './suite.js';

const MRZ = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

export const readerToRecord: BenchSuite = {
  name: 'reader-to-record',
  description: 'last byte of a reader frame → inspection visible through the contract (real pty, encrypted SQLite)',
  async run() {
    const dir = tempDir('borderpost-bench-');
    const station = await openStation({ dataDir: join(dir.path, 'data'), mode: 'browser', simulators: true, log: silentLogger, kdf: TEST_KDF });
    try {
      await station.users.create({ username: 'bench', displayName: 'Bench Officer', role: 'officer', password: 'bench password 1' }, null);
      const conn: Connection = { id: 'bench', sessionId: null };
      await station.router.dispatch(conn, 'session.signIn', { username: 'bench', password: 'bench password 1' });

      const fromWrite: number[] = [];
      const fromReceive: number[] = [];
      const n = Number(process.env.BENCH_READS ?? 300);
      let lastReceivedAt = 0;
      station.devices.on('read', (r) => (lastReceivedAt = r.receivedAt));
      for (let i = 0; i < n + 20; i++) {
        const seen = new Promise<string>((resolve) => {
          const off = station.onEvent((name, payload) => {
            if (name === 'inspection.updated') {
              off();
              resolve((payload as Inspection).id);
            }
          });
        });
        const t0 = performance.now();
        await station.devices.simulateRead(MRZ);
        const id = await seen;
        const reply = await station.router.dispatch(conn, 'inspections.current', {});
        const t1 = performance.now();
        if (!reply.ok || (reply.value as Inspection | null)?.id !== id) throw new Error('the record was not visible through the contract');
        if (i >= 20) {
          // The frame is one write of ~100 bytes, so timing from the start of the write is an upper
          // bound of the latency from its last byte (it includes the pty/socat hop).
          fromWrite.push(t1 - t0);
          fromReceive.push(t1 - lastReceivedAt);
        }
      }
      const w = summarise(fromWrite);
      const r = summarise(fromReceive);
      return {
        suite: 'reader-to-record',
        description: this.description,
        figures: {
          reads: n,
          swipeWrittenToVisibleP50Ms: round(w.p50),
          swipeWrittenToVisibleP99Ms: round(w.p99),
          lastByteReceivedToVisibleP50Ms: round(r.p50),
          lastByteReceivedToVisibleP99Ms: round(r.p99),
        },
        table: [
          { measure: 'simulator writes frame → visible', p50Ms: round(w.p50), p90Ms: round(w.p90), p99Ms: round(w.p99), maxMs: round(w.max) },
          { measure: 'driver received last byte → visible', p50Ms: round(r.p50), p90Ms: round(r.p90), p99Ms: round(r.p99), maxMs: round(r.max) },
        ],
      };
    } finally {
      await station.close();
      dir.cleanup();
    }
  },
};
