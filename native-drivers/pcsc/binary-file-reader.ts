/**
 * Reads whole transparent EFs with as few READ BINARY commands as the card allows: one extended
 * read when the card announces extended length, short reads otherwise, dropping to short reads for
 * the rest of the session when an extended read is refused. The file length comes from its own
 * BER-TLV header (every ICAO LDS file is one data object), so no read asks past the end.
 */
import {
  ApduError,
  ChipStatusError,
  MAX_B0_OFFSET,
  needsExtendedLength,
  oddReadBinaryOverhead,
  readBinary,
  readBinaryOdd,
  requireOk,
  selectByAid,
  selectEf,
  SW,
  unwrapOddReadBinary,
  type CommandApdu,
  type ResponseApdu,
  type Transmit,
} from '../epassport/apdu.js';
import { sendCommand } from './apdu-channel.js';
import { readTlvHeader, TlvError } from '../epassport/tlv.js';
import type { ReadLimits } from './card-capabilities.js';

export interface EfReference {
  readonly fid: number;
  /** Short EF identifier: lets the first read select the file, saving the SELECT. */
  readonly sfi?: number;
}

/** `tlv`: the file is one BER-TLV object and its header gives the length; `until-eof`: read until the card says end of file. */
export type FileSizing = 'tlv' | 'until-eof';

export interface ReadFileOptions {
  readonly sizing?: FileSizing;
  /** Refuse files whose header claims more than this (default 1 MiB). */
  readonly maxFileBytes?: number;
}

export interface FallbackEvent {
  readonly reason: string;
  readonly limits: ReadLimits;
}

export interface BinaryFileReaderOptions {
  /** Called when extended reads are abandoned for short ones. */
  readonly onFallback?: (event: FallbackEvent) => void;
  /**
   * Whether a transport error on an extended APDU means "the reader cannot carry it" (then short
   * reads are tried) rather than a lost card. Default: PC/SC's `TRANSMIT_FAILED`.
   */
  readonly isLengthRelatedTransportError?: (error: unknown) => boolean;
}

/** Status words that mean "I do not do short EF identifiers", after which SELECT + READ is tried. */
const SFI_UNSUPPORTED = new Set<number>([0x6a86, 0x6a82, 0x6a81, 0x6981, 0x6986, 0x6d00, 0x6e00]);
/** Status words with which a card refuses an extended length it cannot handle. */
const EXTENDED_REFUSED = new Set<number>([SW.WRONG_LENGTH, SW.NO_PRECISE_DIAGNOSIS, SW.INS_NOT_SUPPORTED, SW.CLA_NOT_SUPPORTED]);

const defaultTransportCheck = (e: unknown): boolean => typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'TRANSMIT_FAILED';

export class BinaryFileReader {
  private limits: ReadLimits;
  private readonly onFallback: ((event: FallbackEvent) => void) | undefined;
  private readonly lengthRelated: (error: unknown) => boolean;

  constructor(
    private readonly transmit: Transmit,
    limits: ReadLimits,
    options: BinaryFileReaderOptions = {},
  ) {
    if (!Number.isInteger(limits.shortLe) || limits.shortLe < 1 || limits.shortLe > 256) throw new ApduError('INVALID_COMMAND', `shortLe must be 1..256, got ${limits.shortLe}`);
    if (limits.extendedLe !== undefined && (!Number.isInteger(limits.extendedLe) || limits.extendedLe < 1 || limits.extendedLe > 65536)) {
      throw new ApduError('INVALID_COMMAND', `extendedLe must be 1..65536, got ${limits.extendedLe}`);
    }
    this.limits = limits;
    this.onFallback = options.onFallback;
    this.lengthRelated = options.isLengthRelatedTransportError ?? defaultTransportCheck;
  }

  /** The read sizes in force now (extended reads disappear after a refusal). */
  get currentLimits(): ReadLimits {
    return this.limits;
  }

  /** SELECT an application by AID (no FCI asked). */
  async selectApplication(aid: Buffer): Promise<void> {
    requireOk(await sendCommand(this.transmit, selectByAid(aid)), `SELECT application ${aid.toString('hex').toUpperCase()}`);
  }

  async selectFile(fid: number): Promise<void> {
    requireOk(await sendCommand(this.transmit, selectEf(fid)), `SELECT EF ${fidHex(fid)}`);
  }

  /** Reads a whole EF. Throws `ApduError` (`STATUS` with the SW when the card refuses). */
  async readFile(ef: EfReference, options: ReadFileOptions = {}): Promise<Buffer> {
    const sizing = options.sizing ?? 'tlv';
    const maxFileBytes = options.maxFileBytes ?? 1 << 20;
    const what = `READ BINARY EF ${fidHex(ef.fid)}`;

    let first: ResponseApdu | undefined;
    if (ef.sfi !== undefined) {
      const sfi = ef.sfi;
      first = await this.exchange((ne) => readBinary(0, ne, sfi), undefined);
      if (SFI_UNSUPPORTED.has(first.sw)) first = undefined;
    }
    if (!first) {
      await this.selectFile(ef.fid);
      first = await this.exchange((ne) => readBinary(0, ne), undefined);
    }

    const parts: Buffer[] = [];
    let got = 0;
    let total: number | undefined;
    let response = first;
    let odd = false;
    for (;;) {
      const sw = response.sw;
      if (sw !== SW.OK && sw !== SW.END_OF_FILE && sw !== SW.WRONG_OFFSET) throw new ChipStatusError(`${what} at offset ${got}`, sw);
      const data = sw === SW.WRONG_OFFSET ? Buffer.alloc(0) : odd ? unwrapOddReadBinary(response.data) : response.data;
      parts.push(data);
      got += data.length;
      const endOfFile = sw !== SW.OK || data.length === 0;

      if (sizing === 'tlv' && total === undefined) {
        const header = this.header(Buffer.concat(parts, got), what);
        if (header !== undefined) {
          total = header;
          if (total > maxFileBytes) throw new ApduError('PROTOCOL', `${what}: the file claims ${total} bytes, more than the ${maxFileBytes} allowed`);
        }
      }
      if (total !== undefined && got >= total) break;
      if (endOfFile) {
        if (total !== undefined) throw new ApduError('PROTOCOL', `${what}: the file ended after ${got} of the ${total} bytes its header announces`);
        if (sizing === 'tlv') throw new ApduError('PROTOCOL', `${what}: the file ended inside its own TLV header`);
        break;
      }
      if (got > maxFileBytes) throw new ApduError('PROTOCOL', `${what}: more than ${maxFileBytes} bytes and no end of file`);

      const offset = got;
      const remaining = total === undefined ? undefined : total - offset;
      odd = offset > MAX_B0_OFFSET;
      response = odd
        ? await this.exchange((ne) => readBinaryOdd(offset, ne), remaining === undefined ? undefined : remaining + oddReadBinaryOverhead(remaining))
        : await this.exchange((ne) => readBinary(offset, ne), remaining);
    }
    const all = Buffer.concat(parts, got);
    return total === undefined ? all : all.subarray(0, total);
  }

  private header(bytes: Buffer, what: string): number | undefined {
    try {
      const h = readTlvHeader(bytes);
      return h === undefined ? undefined : h.headerLength + h.valueLength;
    } catch (e) {
      if (e instanceof TlvError) throw new ApduError('PROTOCOL', `${what}: the file does not start with a BER-TLV header (${e.message})`);
      throw e;
    }
  }

  /**
   * Sends one read of `wanted` bytes (or as many as allowed when unknown), retrying with short
   * length once when the card or the reader refuses an extended one.
   */
  private async exchange(build: (ne: number) => CommandApdu, wanted: number | undefined): Promise<ResponseApdu> {
    for (;;) {
      const limit = this.limits.extendedLe ?? this.limits.shortLe;
      const command = build(wanted === undefined ? limit : Math.max(1, Math.min(limit, wanted)));
      const extended = needsExtendedLength(command);
      let response: ResponseApdu;
      try {
        response = await sendCommand(this.transmit, command);
      } catch (e) {
        if (extended && this.lengthRelated(e)) {
          this.dropExtended(`the reader failed an extended APDU (${e instanceof Error ? e.message : String(e)})`);
          continue;
        }
        throw e;
      }
      if (extended && EXTENDED_REFUSED.has(response.sw)) {
        this.dropExtended(`the card answered ${response.sw.toString(16).toUpperCase()} to an extended READ BINARY`);
        continue;
      }
      return response;
    }
  }

  private dropExtended(reason: string): void {
    this.limits = { shortLe: this.limits.shortLe };
    this.onFallback?.({ reason, limits: this.limits });
  }
}

function fidHex(fid: number): string {
  return fid.toString(16).toUpperCase().padStart(4, '0');
}
