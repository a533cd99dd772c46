/**
 * `borderpost chip read`: reads the ePassport chip on a PC/SC reader as the booth does — PACE or
 * BAC, the data groups, passive authentication against the station's trust store, Active and Chip
 * Authentication — and prints every step. For technicians checking a reader, a chip or the trust
 * store without the booth UI.
 */
import { PcscError, PcscTransport, type PcscCard } from '../../../native-drivers/index.js';
import { ChipReadInputError, mrzInformationFromOptical, readChip, type ChipReadResult } from '../../station/documents/chip/chip-reader.js';
import type { CheckStep } from '../../station/documents/chip/check-step.js';
import { loadTrustDirectory, TrustDirectoryError } from '../../station/documents/chip/trust-store-file.js';
import { EXIT, opt, str, strs, UsageError, type Command, type Io, type Parsed } from '../command.js';

const DEFAULT_TIMEOUT_S = 30;
const MARK: Readonly<Record<CheckStep['status'], string>> = { pass: '✓', fail: '✗', not_possible: '–' };

function refuse(io: Io, args: Parsed, code: string, message: string): number {
  if (args.json) io.json({ ok: false, error: { code, message } });
  else io.err(`${code}: ${message}`);
  return EXIT.USAGE;
}

function parseTimeout(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_S * 1000;
  const s = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || s <= 0 || s > 3600) throw new UsageError(`--timeout takes seconds (0 < s ≤ 3600), got ${value}`);
  return Math.round(s * 1000);
}

function render(r: ChipReadResult): string {
  const width = Math.max(...r.steps.map((s) => s.id.length));
  const lines = r.steps.map((s) => `${MARK[s.status]} ${s.id.padEnd(width)}  ${s.detail}`);
  const face = r.face ? `face: ${r.face.mime}${r.face.width && r.face.height ? ` ${r.face.width}×${r.face.height}` : ''}` : 'face: none';
  lines.push('', `verdict: ${r.verdict.toUpperCase()}  (${r.apduCount} APDUs, ${r.elapsedMs} ms; ${face})`);
  return lines.join('\n');
}

export const chipRead: Command = {
  path: ['chip', 'read'],
  summary: 'read and verify the ePassport chip on a PC/SC reader (PACE/BAC, passive, active and chip authentication)',
  usage: '--mrz <line> --mrz <line> [--mrz <line>] | --can <digits> [--reader <name>] [--timeout <s>]',
  options: {
    mrz: opt({ type: 'string', multiple: true, description: 'one MRZ line as printed (give each line, in order)' }),
    can: opt({ type: 'string', description: 'the six-digit Card Access Number (chips with PACE)' }),
    reader: opt({ type: 'string', description: 'the PC/SC reader to use (default: the first one)' }),
    timeout: opt({ type: 'string', description: `seconds to wait for pcscd, the reader and the card (default ${DEFAULT_TIMEOUT_S})` }),
  },
  async run(args, io) {
    const mrz = strs(args.values.mrz);
    const can = str(args.values.can);
    const timeoutMs = parseTimeout(str(args.values.timeout));
    if (mrz.length === 0 && can === undefined) throw new UsageError('give the MRZ (--mrz <line> for each line) or the CAN (--can <digits>)');
    try {
      if (mrz.length > 0) mrzInformationFromOptical(mrz);
      if (can !== undefined && !/^\d{6}$/.test(can)) throw new ChipReadInputError(`the CAN is the six digits printed on the data page, got "${can}"`);
    } catch (e) {
      if (e instanceof ChipReadInputError) return refuse(io, args, 'bad_access_key', e.message);
      throw e;
    }

    let trust;
    try {
      trust = loadTrustDirectory(args.dataDir);
    } catch (e) {
      if (e instanceof TrustDirectoryError) return refuse(io, args, e.code, e.message);
      throw e;
    }
    if (!args.json) {
      for (const p of trust.problems) io.err(`trust store: not loaded: ${p.path}: ${p.reason}`);
      if (trust.store.size === 0) io.err('trust store: empty, so no chip can pass passive authentication (import CSCAs with "borderpost trust import")');
    }

    let transport: PcscTransport | undefined;
    let card: PcscCard | undefined;
    let result: ChipReadResult;
    try {
      try {
        transport = await PcscTransport.open({ openTimeoutMs: Math.min(timeoutMs, 10_000) });
        const readerName = str(args.values.reader);
        const reader = await transport.waitForReader({ timeoutMs, ...(readerName ? { name: readerName } : {}) });
        const atr = await reader.waitForCard({ timeoutMs });
        card = await reader.connect({ timeoutMs });
        result = await readChip(card.transmit, { ...(mrz.length > 0 ? { mrz } : {}), ...(can !== undefined ? { can } : {}) }, { trust: trust.store, now: new Date(), atr });
      } catch (e) {
        if (e instanceof PcscError) return refuse(io, args, e.code, e.message);
        if (e instanceof ChipReadInputError) return refuse(io, args, 'bad_access_key', e.message);
        throw e;
      }
    } finally {
      await card?.disconnect().catch(() => undefined);
      await transport?.close();
    }

    if (args.json) {
      io.json({
        verdict: result.verdict,
        steps: result.steps,
        apduCount: result.apduCount,
        elapsedMs: result.elapsedMs,
        face: result.face ? { mime: result.face.mime, width: result.face.width, height: result.face.height } : null,
        ...(result.stoppedBy ? { stoppedBy: result.stoppedBy } : {}),
      });
    } else {
      io.out(render(result));
    }
    return result.verdict === 'pass' ? EXIT.OK : EXIT.CHECK_FAILED;
  },
};
