/**
 * The simulated contactless chip reader of `npm start`: when a document is swiped on a simulated
 * reader, the traveller "lays it on the chip reader" and a simulated ePassport personalised from that
 * MRZ answers APDUs (BAC, PACE, secure messaging, active and chip authentication: the real protocol, in
 * process, no PC/SC). Each simulated chip is signed by its own simulated issuer, whose CSCA and CRL are
 * handed over with the chip and trusted for that document only: they never enter the station's trust
 * store, so nothing accumulates and a real chip can never be judged by them.
 *
 * A simulated swipe may ask for a faulty chip (`arm`): the next chip presented carries that fault, so a
 * technician or a trainer can watch each verification step turn red at the booth.
 */
import type { SimulatedChip } from '../../contract/index.js';
import { createSimulatedEPassport, parseTravellerProfile } from '../../../native-drivers/index.js';
import { ChipReaderBase, type ChipPresentation, type ChipReaderDevice } from './chip-reader-device.js';

export const SIMULATED_CHIP_READER_ID = 'chip-reader-sim';

/** The profile faults behind each choice (DG2, the face, is the tampered data group). */
const FAULTS: Record<Exclude<SimulatedChip, 'genuine' | 'none'>, Record<string, unknown>> = {
  wrongAccessKey: { wrongAccessKey: true },
  tamperedDataGroup: { tamperedDataGroup: 2 },
  expiredDsCertificate: { expiredDsCertificate: true },
  revokedDsCertificate: { revokedDsCertificate: true },
  unknownCsca: { unknownCsca: true },
  clonedChip: { clonedChip: true },
};

const armKey = (lines: readonly string[]): string => lines.map((l) => l.trim().toUpperCase()).join('\n');

export interface SimulatedChipReaderOptions {
  /** How the simulated chips store the face in DG2 (default JPEG; JPEG 2000 as many issuers do). */
  faceImageFormat?: 'jpeg' | 'jp2';
}

export class SimulatedChipReader extends ChipReaderBase implements ChipReaderDevice {
  readonly simulated = true;
  /** Chips asked for by simulated swipes, by MRZ, until the swipe's read arrives. */
  private readonly armed = new Map<string, SimulatedChip>();

  constructor(private readonly options: SimulatedChipReaderOptions = {}) {
    super({
      id: SIMULATED_CHIP_READER_ID,
      kind: 'chip-reader',
      driver: 'Simulated ePassport (ISO 14443, in process)',
      label: 'Simulated chip reader',
      port: null,
      simulated: true,
      status: 'ready',
      detail: 'lays a simulated chip on the reader for every simulated swipe',
      lastEventAt: null,
      counters: { frames: 0, rejected: 0 },
    });
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  /** What chip the document with these MRZ lines carries when it is next presented. */
  arm(mrzLines: readonly string[], chip: SimulatedChip): void {
    const key = armKey(mrzLines);
    this.armed.delete(key);
    if (chip !== 'genuine') this.armed.set(key, chip);
    // A swipe whose frame never arrived (garbled on the wire) must not leave its fault behind forever.
    while (this.armed.size > 16) this.armed.delete(this.armed.keys().next().value as string);
  }

  async present(mrzLines: readonly string[]): Promise<ChipPresentation> {
    const key = armKey(mrzLines);
    const choice = this.armed.get(key) ?? 'genuine';
    this.armed.delete(key);
    this.device.lastEventAt = new Date().toISOString();
    if (choice === 'none') return { chip: null, reason: 'no chip was laid on the simulated chip reader' };
    let profile;
    try {
      profile = parseTravellerProfile({
        mrz: [...mrzLines],
        accessControl: { bac: true, pace: [{ parameterId: 13, cipher: 'AES-128' }] },
        pki: { algorithm: 'ecdsa', country: 'UT' },
        activeAuthentication: { algorithm: 'ecdsa', curve: 'P-256' },
        chipAuthentication: { curve: 'brainpoolP256r1', cipher: 'AES-128' },
        ...(this.options.faceImageFormat ? { faceImageFormat: this.options.faceImageFormat } : {}),
        ...(choice === 'genuine' ? {} : { faults: FAULTS[choice] }),
      });
    } catch (e) {
      return { chip: null, reason: `the simulator has no chip for this document (${(e as Error).message})` };
    }
    const chip = await createSimulatedEPassport(profile);
    return {
      chip: {
        readerId: this.id,
        transmit: async (apdu) => Buffer.from(await chip.process(apdu)),
        atr: chip.atr,
        simulatedTrust: chip.exportTrustMaterial(),
        release: () => Promise.resolve(),
      },
    };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
