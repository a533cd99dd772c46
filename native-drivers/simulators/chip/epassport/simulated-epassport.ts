/**
 * A personalised eMRTD as one card applet: the plain file system of `PlainEPassportApplet` with every
 * application file behind access control, and the chip's protocols as extensions (BAC, PACE, Chip
 * Authentication, Active Authentication). It answers APDUs in-process (`appletTransmit`) or on
 * vpcd's socket (`simulated-chip.ts`), the same bytes either way.
 */
import type { CardApplet } from '../card-applet.js';
import { icaoContactlessAtr } from '../contactless-atr.js';
import { PlainEPassportApplet, type AppletExtension, type AppletStats } from '../plain-epassport-applet.js';
import { ChipActiveAuthentication } from './chip-active-auth.js';
import { ChipAuthentication } from './chip-ca.js';
import { ChipBac } from './chip-bac.js';
import { ChipPace } from './chip-pace.js';
import type { TrustMaterial } from './issuer.js';
import { personaliseChip, type PersonaliseOptions, type PersonalisedChip } from './personalise.js';
import type { TravellerProfile } from './profile.js';

export interface AccessOutcomes {
  bac: { established: number; refused: number };
  pace: { established: number; refused: number };
}

export class SimulatedEPassport implements CardApplet {
  readonly outcomes: AccessOutcomes = { bac: { established: 0, refused: 0 }, pace: { established: 0, refused: 0 } };
  private readonly applet: PlainEPassportApplet;

  constructor(readonly chip: PersonalisedChip) {
    const extensions: AppletExtension[] = [];
    const count = (protocol: keyof AccessOutcomes) => (outcome: 'established' | 'refused') => this.outcomes[protocol][outcome]++;
    if (chip.profile.accessControl.bac) extensions.push(new ChipBac({ mrzInformation: chip.mrzInformation, onOutcome: count('bac') }));
    if (chip.paceOffers.length > 0) extensions.push(new ChipPace({ offers: chip.paceOffers, mrzInformation: chip.mrzInformation, can: chip.can, broken: chip.profile.faults.paceBroken === true, onOutcome: count('pace') }));
    if (chip.chipAuthentication) extensions.push(new ChipAuthentication(chip.chipAuthentication));
    if (chip.activeAuthentication) extensions.push(new ChipActiveAuthentication(chip.activeAuthentication));
    this.applet = new PlainEPassportApplet({
      applicationFiles: chip.applicationFiles,
      masterFiles: chip.masterFiles,
      extendedLength: chip.profile.extendedLength,
      extensions,
    });
  }

  /** The ATR a contactless reader reports for this chip. */
  get atr(): Buffer {
    return icaoContactlessAtr({ extendedLength: this.chip.profile.extendedLength });
  }

  /** Commands answered and bytes read, from the file system's point of view. */
  get stats(): AppletStats {
    return this.applet.stats;
  }

  process(apdu: Buffer): Promise<Buffer> {
    return this.applet.process(apdu);
  }

  reset(): void {
    this.applet.reset();
  }

  /** What a station needs to trust this chip: the CSCA certificate and its CRL (DER). */
  exportTrustMaterial(): TrustMaterial {
    return this.chip.trust;
  }
}

/** Personalises a chip from a profile and returns it ready to answer APDUs. */
export async function createSimulatedEPassport(profile: TravellerProfile, options: PersonaliseOptions = {}): Promise<SimulatedEPassport> {
  return new SimulatedEPassport(await personaliseChip(profile, options));
}
