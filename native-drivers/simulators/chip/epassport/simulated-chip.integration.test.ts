/**
 * The simulated ePassport over the real PC/SC stack: a private pcscd with the vsmartcard vpcd driver
 * (test/helpers/pcscd.ts), the chip on vpcd's socket, the terminal through @pokusew/pcsclite. PACE
 * with the CAN, then DG1, a 20 KB DG2 and EF.SOD under AES secure messaging; every APDU crosses pcscd.
 * The figures are printed for the README.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPcscd, type PcscdHandle } from '../../../../test/helpers/pcscd.js';
import { parseTlv } from '../../../epassport/index.js';
import { detectCardCapabilities, readLimitsFor } from '../../../pcsc/card-capabilities.js';
import { PcscTransport } from '../../../pcsc/pcsc-transport.js';
import { EF } from '../plain-epassport-applet.js';
import { encodeDg2 } from './lds-files.js';
import { jpegDimensions, placeholderFace } from './grayscale-jpeg.js';
import { parseTravellerProfile } from './profile.js';
import { startSimulatedChip, type SimulatedChipHandle } from './simulated-chip.js';
import { TestTerminal } from './test-terminal.js';

const MRZ = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F3404159ZE184226B<<<<<16'];
const DG2_TARGET = 20 * 1024;

let daemon: PcscdHandle | undefined;
let transport: PcscTransport | undefined;
let chip: SimulatedChipHandle | undefined;
let dir: string | undefined;

/** A placeholder portrait textured just enough for DG2 to reach 20 KB, the size of a real one. */
function twentyKilobyteFace(): Buffer {
  for (let texture = 10; texture < 60; texture++) {
    const jpeg = placeholderFace({ texture });
    const size = jpegDimensions(jpeg)!;
    if (encodeDg2({ image: jpeg, ...size }).length >= DG2_TARGET) return jpeg;
  }
  throw new Error('could not make a 20 KB DG2');
}

beforeAll(async () => {
  daemon = await startPcscd();
  transport = await PcscTransport.open();
  dir = mkdtempSync(join(tmpdir(), 'borderpost-chip-'));
  writeFileSync(join(dir, 'face.jpg'), twentyKilobyteFace());
  const profile = parseTravellerProfile(
    {
      mrz: MRZ,
      can: '123456',
      accessControl: { bac: true, pace: [{ parameterId: 13, cipher: 'AES-128' }] },
      faceImage: 'face.jpg',
      pki: { algorithm: 'rsa-pss' },
      chipAuthentication: { curve: 'brainpoolP256r1', cipher: 'AES-128' },
    },
    { baseDir: dir },
  );
  chip = await startSimulatedChip({ profile, vpcd: { port: daemon.vpcdPort } });
  await chip.waitUntilConnected(10_000);
}, 60_000);

afterAll(async () => {
  await chip?.stop();
  await transport?.close();
  await daemon?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('simulated ePassport through pcscd + vpcd', () => {
  it('PACE with the CAN, then DG1, a 20 KB DG2 and EF.SOD under AES secure messaging', async () => {
    const reader = await transport!.waitForReader({ name: daemon!.readerName });
    const atr = await reader.waitForCard({ timeoutMs: 10_000 });
    expect(atr.equals(chip!.chip.atr)).toBe(true);
    const card = await reader.connect();
    const started = performance.now();
    const caps = await detectCardCapabilities(card.transmit, atr);
    const limits = readLimitsFor(caps, { secureMessaging: true });
    expect(limits.extendedLe).toBeGreaterThan(DG2_TARGET);

    const terminal = new TestTerminal(card.transmit, { limits });
    const t0 = performance.now();
    const session = await terminal.pace({ kind: 'can', can: '123456' });
    const pace = { apdus: terminal.apdus, ms: performance.now() - t0 };
    expect(session.sm.cipher.name).toBe('AES');
    expect(chip!.chip.outcomes.pace.established).toBe(1);

    const reads: Record<string, { bytes: number; apdus: number; ms: number }> = {};
    const files: Record<string, Buffer> = {};
    for (const [label, fid] of [['DG1', EF.dg(1)], ['DG2', EF.dg(2)], ['SOD', EF.SOD]] as const) {
      const before = terminal.apdus;
      const t = performance.now();
      files[label] = await terminal.readFile(session, fid);
      reads[label] = { bytes: files[label].length, apdus: terminal.apdus - before, ms: performance.now() - t };
    }
    const total = { apdus: terminal.apdus + 1, ms: performance.now() - started };
    await card.disconnect();

    expect(files.DG1!.equals(chip!.chip.chip.signedDataGroups.get(1)!)).toBe(true);
    expect(files.DG2!.equals(chip!.chip.chip.signedDataGroups.get(2)!)).toBe(true);
    expect(files.DG2!.length).toBeGreaterThanOrEqual(DG2_TARGET);
    expect(files.SOD!.equals(chip!.chip.chip.sod)).toBe(true);
    expect(parseTlv(files.SOD!).tag).toBe(0x77);
    // One extended READ BINARY per file, under secure messaging.
    expect([reads.DG1!.apdus, reads.DG2!.apdus, reads.SOD!.apdus]).toEqual([1, 1, 1]);

    const line = (name: string, r: { bytes?: number; apdus: number; ms: number }) =>
      `  ${name.padEnd(36)} ${r.bytes === undefined ? '        ' : `${String(r.bytes).padStart(6)} B`}  ${String(r.apdus).padStart(3)} APDUs  ${r.ms.toFixed(0).padStart(5)} ms`;
    console.info(
      [
        '[chip] simulated ePassport through pcscd + vpcd:',
        line('EF.CardAccess, PACE, SELECT eMRTD', pace),
        line('DG1', reads.DG1!),
        line('DG2 (20 KB face)', reads.DG2!),
        line('EF.SOD (RSA-PSS DS certificate)', reads.SOD!),
        line('total (incl. EF.ATR/INFO probe)', total),
      ].join('\n'),
    );
  }, 60_000);
});
