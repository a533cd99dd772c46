import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createSimulatedEPassport, loadTravellerProfile, ProfileError, startSimulatedChip, VPCD_DEFAULT_PORT, type SimulatedEPassport } from '../../../native-drivers/index.js';
import { EXIT, opt, str, UsageError, type Command, type Io } from '../command.js';

export interface ChipSimulatorOptions {
  readonly profilePath: string;
  readonly vpcdHost: string;
  readonly vpcdPort: number;
  readonly exportTrustDir: string | undefined;
  readonly json: boolean;
}

/** What `simulate chip` reports once the chip is on vpcd's socket. */
export interface ChipSimulatorReport {
  readonly vpcd: { readonly host: string; readonly port: number };
  readonly profile: string;
  readonly document: { readonly mrz: readonly string[]; readonly can: string | null };
  readonly access: { readonly bac: boolean; readonly pace: readonly { readonly parameterId: number; readonly cipher: string }[] };
  readonly faults: readonly string[];
  readonly trust: { readonly cscaSha256: string; readonly cscaPath: string | null; readonly crlPath: string | null };
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return VPCD_DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) throw new UsageError('--vpcd-port must be 1..65535');
  return port;
}

/**
 * Starts the chip, writes the trust material, reports, and keeps the card on the reader until `until`
 * settles (Ctrl+C for the command; a promise in tests).
 */
export async function runChipSimulator(options: ChipSimulatorOptions, io: Io, until: Promise<void>): Promise<ChipSimulatorReport> {
  let passport: SimulatedEPassport;
  try {
    passport = await createSimulatedEPassport(await loadTravellerProfile(options.profilePath));
  } catch (e) {
    if (e instanceof ProfileError) throw new UsageError(e.message);
    throw e;
  }
  // The trust material is on disk before the card is on the reader, so a station can trust it first.
  const trust = passport.exportTrustMaterial();
  let cscaPath: string | null = null;
  let crlPath: string | null = null;
  if (options.exportTrustDir) {
    await mkdir(options.exportTrustDir, { recursive: true });
    cscaPath = resolve(join(options.exportTrustDir, 'csca.der'));
    crlPath = resolve(join(options.exportTrustDir, 'crl.der'));
    await writeFile(cscaPath, trust.cscaDer);
    await writeFile(crlPath, trust.crlDer);
  }
  const chip = await startSimulatedChip({ chip: passport, vpcd: { host: options.vpcdHost, port: options.vpcdPort } });
  try {
    const personalised = passport.chip;
    const report: ChipSimulatorReport = {
      vpcd: chip.vpcd,
      profile: resolve(options.profilePath),
      document: { mrz: personalised.profile.mrz, can: personalised.profile.can ?? null },
      access: personalised.profile.accessControl,
      faults: Object.entries(personalised.profile.faults).map(([name, value]) => (value === true ? name : `${name}=${String(value)}`)),
      trust: { cscaSha256: createHash('sha256').update(trust.cscaDer).digest('hex'), cscaPath, crlPath },
    };
    if (options.json) {
      io.json(report);
    } else {
      const pace = report.access.pace.map((p) => `PACE ${p.parameterId === 13 ? 'brainpoolP256r1' : 'P-256'} ${p.cipher}`);
      io.out(
        [
          `Simulated ePassport for vpcd at ${chip.vpcd.host}:${chip.vpcd.port}`,
          `  MRZ       ${report.document.mrz.join('\n            ')}`,
          `  CAN       ${report.document.can ?? '(none)'}`,
          `  access    ${[...(report.access.bac ? ['BAC'] : []), ...pace].join(', ')}`,
          `  faults    ${report.faults.length > 0 ? report.faults.join(', ') : 'none'}`,
          cscaPath ? `  trust     CSCA ${cscaPath}\n            CRL  ${crlPath}` : `  trust     CSCA sha256 ${report.trust.cscaSha256} (add --export-trust <dir> to write it)`,
          'Waiting for vpcd (pcscd with vsmartcard-vpcd). Press Ctrl+C to take the card off the reader.',
        ].join('\n'),
      );
      chip.client.on('connected', () => io.out('card on the reader (vpcd connected)'));
      chip.client.on('disconnected', () => io.out('card off the reader (vpcd went away); reconnecting'));
    }
    await until;
    return report;
  } finally {
    await chip.stop();
  }
}

function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export const simulateChip: Command = {
  path: ['simulate', 'chip'],
  summary: 'put a simulated ePassport (BAC, PACE, AA, CA, faults) on a vpcd virtual reader',
  usage: '--profile <file> [--vpcd-port <n>] [--vpcd-host <host>] [--export-trust <dir>]',
  options: {
    profile: opt({ type: 'string', description: 'traveller profile JSON (see native-drivers/simulators/chip/profiles/)' }),
    'vpcd-port': opt({ type: 'string', description: `TCP port vpcd listens on (default ${VPCD_DEFAULT_PORT}, Debian's vsmartcard-vpcd)` }),
    'vpcd-host': opt({ type: 'string', description: 'host vpcd listens on (default 127.0.0.1)' }),
    'export-trust': opt({ type: 'string', description: 'write the CSCA certificate and CRL (csca.der, crl.der) here for the station to trust' }),
  },
  async run(args, io) {
    const profilePath = str(args.values.profile);
    if (!profilePath) throw new UsageError('--profile <file> is required');
    await runChipSimulator(
      {
        profilePath,
        vpcdHost: str(args.values['vpcd-host']) ?? '127.0.0.1',
        vpcdPort: parsePort(str(args.values['vpcd-port'])),
        exportTrustDir: str(args.values['export-trust']),
        json: args.json,
      },
      io,
      stopSignal(),
    );
    return EXIT.OK;
  },
};
