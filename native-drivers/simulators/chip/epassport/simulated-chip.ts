/**
 * A simulated ePassport on a PC/SC reader: personalises a chip from a traveller profile and puts it
 * on vpcd's socket, where pcscd sees "a card in the Virtual PCD reader". It keeps reconnecting if
 * vpcd restarts, until `stop()` takes the card off the reader.
 */
import { VpcdClient } from '../vpcd-client.js';
import { VPCD_DEFAULT_PORT } from '../vpcd-framing.js';
import type { TrustMaterial } from './issuer.js';
import type { PersonaliseOptions } from './personalise.js';
import type { TravellerProfile } from './profile.js';
import { createSimulatedEPassport, type SimulatedEPassport } from './simulated-epassport.js';

export type StartSimulatedChipOptions = (
  | (PersonaliseOptions & { readonly profile: TravellerProfile })
  /** A chip personalised beforehand (e.g. so its trust material is exported before it can be read). */
  | { readonly chip: SimulatedEPassport }
) & {
  /** Where vpcd listens (default 127.0.0.1:35963, Debian's vsmartcard-vpcd slot 0). */
  readonly vpcd?: { readonly host?: string; readonly port?: number };
};

export interface SimulatedChipHandle {
  /** The CSCA certificate and CRL a station must trust to verify this chip (DER). */
  readonly trust: TrustMaterial;
  readonly chip: SimulatedEPassport;
  readonly client: VpcdClient;
  readonly vpcd: { readonly host: string; readonly port: number };
  /** Resolves once vpcd has accepted the card (rejects after `timeoutMs`, default 5 s). */
  waitUntilConnected(timeoutMs?: number): Promise<void>;
  /** Takes the card off the reader; the handle cannot be restarted. */
  stop(): Promise<void>;
}

export async function startSimulatedChip(options: StartSimulatedChipOptions): Promise<SimulatedChipHandle> {
  const chip = 'chip' in options ? options.chip : await createSimulatedEPassport(options.profile, options);
  const host = options.vpcd?.host ?? '127.0.0.1';
  const port = options.vpcd?.port ?? VPCD_DEFAULT_PORT;
  const client = new VpcdClient({ applet: chip, atr: chip.atr, host, port });
  client.start();
  return {
    trust: chip.exportTrustMaterial(),
    chip,
    client,
    vpcd: { host, port },
    waitUntilConnected: (timeoutMs) => client.waitUntilConnected(timeoutMs),
    stop: () => client.stop(),
  };
}
