/**
 * A full chip read as the booth does it (readChip): EF.CardAccess, PACE with the MRZ, EF.COM, DG1, a
 * 20 KB DG2, DG15, EF.SOD, passive authentication and Active Authentication — N times through a
 * private pcscd with the vpcd driver and the simulated ePassport, then N times in-process (the
 * station's code talking straight to the simulated chip, no PC/SC). The difference is the test
 * stack's per-APDU cost (vpcd's ≈ 40 ms delayed ACK, see native-drivers/pcsc/README.md), the
 * in-process figure the protocol and verification cost of both sides together.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startPcscd } from '../helpers/pcscd.js';
import { readChip, type ChipReadResult } from '../../electron/station/documents/chip/chip-reader.js';
import { TrustStore } from '../../electron/station/documents/chip/trust-store.js';
import { PcscTransport } from '../../native-drivers/pcsc/pcsc-transport.js';
import { appletTransmit } from '../../native-drivers/simulators/chip/card-applet.js';
import { jpegDimensions, placeholderFace } from '../../native-drivers/simulators/chip/epassport/grayscale-jpeg.js';
import { encodeDg2 } from '../../native-drivers/simulators/chip/epassport/lds-files.js';
import { parseTravellerProfile } from '../../native-drivers/simulators/chip/epassport/profile.js';
import { createSimulatedEPassport } from '../../native-drivers/simulators/chip/epassport/simulated-epassport.js';
import { startSimulatedChip } from '../../native-drivers/simulators/chip/epassport/simulated-chip.js';
import { round, summarise } from './stats.js';
import type { BenchSuite } from './suite.js';

const MRZ = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F3404159ZE184226B<<<<<16'];
const DG2_TARGET = 20 * 1024;

function twentyKilobyteFace(): Buffer {
  for (let texture = 10; texture < 60; texture++) {
    const jpeg = placeholderFace({ texture });
    const size = jpegDimensions(jpeg);
    if (size && encodeDg2({ image: jpeg, ...size }).length >= DG2_TARGET) return jpeg;
  }
  throw new Error('could not make a 20 KB DG2');
}

/** Every step but Chip Authentication (this chip has no DG14) must pass, or the figures mean nothing. */
function check(r: ChipReadResult): void {
  const bad = r.steps.filter((s) => s.status !== 'pass' && s.id !== 'chip.chip_auth');
  if (bad.length > 0) throw new Error(`the read did not pass: ${JSON.stringify(bad)}`);
}

export const chipRead: BenchSuite = {
  name: 'chip-read',
  description: 'full ePassport read (PACE, DG1, 20 KB DG2, SOD, passive + active authentication): through pcscd + vpcd, and in-process',
  async run() {
    const n = Number(process.env.BENCH_READS ?? 10);
    const dir = mkdtempSync(join(tmpdir(), 'borderpost-bench-chip-'));
    const daemon = await startPcscd();
    let transport: PcscTransport | undefined;
    try {
      writeFileSync(join(dir, 'face.jpg'), twentyKilobyteFace());
      const profile = parseTravellerProfile(
        {
          mrz: MRZ,
          accessControl: { bac: true, pace: [{ parameterId: 13, cipher: 'AES-128' }] },
          faceImage: 'face.jpg',
          pki: { algorithm: 'ecdsa' },
          activeAuthentication: { algorithm: 'ecdsa', curve: 'P-256' },
        },
        { baseDir: dir },
      );
      const passport = await createSimulatedEPassport(profile);
      const trust = new TrustStore();
      const material = passport.exportTrustMaterial();
      trust.addCertificate(material.cscaDer, 'simulated issuer');
      trust.addCrl(material.crlDer);
      const dg2Bytes = passport.chip.signedDataGroups.get(2)?.length ?? 0;

      // Through pcscd: connect, read, disconnect (the card is powered down and reset each time).
      const chip = await startSimulatedChip({ chip: passport, vpcd: { port: daemon.vpcdPort } });
      const viaPcscd: number[] = [];
      let pcscdApdus = 0;
      try {
        await chip.waitUntilConnected(10_000);
        transport = await PcscTransport.open();
        const reader = await transport.waitForReader({ name: daemon.readerName, timeoutMs: 10_000 });
        for (let i = 0; i < n + 1; i++) {
          const atr = await reader.waitForCard({ timeoutMs: 10_000 });
          const card = await reader.connect();
          const t0 = performance.now();
          const r = await readChip(card.transmit, { mrz: MRZ }, { trust, atr });
          const t1 = performance.now();
          await card.disconnect();
          check(r);
          pcscdApdus = r.apduCount;
          if (i > 0) viaPcscd.push(t1 - t0); // the first read warms up the JIT and pcscd's slot
        }
      } finally {
        await chip.stop();
      }

      // In-process: the same chip object, no PC/SC.
      const direct = appletTransmit(passport);
      const inProcess: number[] = [];
      let directApdus = 0;
      for (let i = 0; i < n + 1; i++) {
        passport.reset();
        const t0 = performance.now();
        const r = await readChip(direct, { mrz: MRZ }, { trust, atr: passport.atr });
        const t1 = performance.now();
        check(r);
        directApdus = r.apduCount;
        if (i > 0) inProcess.push(t1 - t0);
      }

      const p = summarise(viaPcscd);
      const d = summarise(inProcess);
      const perApdu = (p.p50 - d.p50) / pcscdApdus;
      return {
        suite: 'chip-read',
        description: this.description,
        figures: {
          reads: n,
          dg2Bytes,
          apdusPerRead: pcscdApdus,
          pcscdP50Ms: round(p.p50, 1),
          pcscdMaxMs: round(p.max, 1),
          inProcessP50Ms: round(d.p50, 1),
          inProcessMaxMs: round(d.max, 1),
          testStackPerApduMs: round(perApdu, 1),
        },
        table: [
          { path: 'pcscd + vpcd + simulated chip', reads: n, apdus: pcscdApdus, p50Ms: round(p.p50, 1), maxMs: round(p.max, 1) },
          { path: 'in-process (no PC/SC)', reads: n, apdus: directApdus, p50Ms: round(d.p50, 1), maxMs: round(d.max, 1) },
        ],
      };
    } finally {
      await transport?.close();
      await daemon.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
