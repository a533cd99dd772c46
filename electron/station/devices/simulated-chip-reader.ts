/**
 * The simulated contactless chip reader of `npm start`: when a document is swiped, the traveller
 * "lays it on the reader" and a simulated ePassport personalised from that MRZ answers APDUs
 * (BAC, PACE, secure messaging, active and chip authentication: the real protocol, in process, no
 * PC/SC). Each simulated chip is signed by its own simulated issuer, whose CSCA and CRL the booth
 * trusts for simulated documents only: a real chip reader never gets them.
 */
import { createSimulatedEPassport, parseTravellerProfile, type TrustMaterial } from '../../../native-drivers/index.js';

export interface PresentedChip {
  transmit(apdu: Buffer): Promise<Buffer>;
  atr: Buffer;
  trust: TrustMaterial;
}

export class SimulatedChipReader {
  readonly id = 'chip-reader-sim';

  /** A chip for this MRZ, or null when the document has none the simulator can personalise. */
  async present(mrzLines: readonly string[]): Promise<PresentedChip | null> {
    let profile;
    try {
      profile = parseTravellerProfile({
        mrz: [...mrzLines],
        accessControl: { bac: true, pace: [{ parameterId: 13, cipher: 'AES-128' }] },
        pki: { algorithm: 'ecdsa', country: 'UT' },
        activeAuthentication: { algorithm: 'ecdsa', curve: 'P-256' },
        chipAuthentication: { curve: 'brainpoolP256r1', cipher: 'AES-128' },
      });
    } catch {
      return null;
    }
    const chip = await createSimulatedEPassport(profile);
    return { transmit: async (apdu) => Buffer.from(await chip.process(apdu)), atr: chip.atr, trust: chip.exportTrustMaterial() };
  }
}
