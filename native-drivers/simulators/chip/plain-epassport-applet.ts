/**
 * An eMRTD chip without access control (ICAO 9303-10 file layout, ISO/IEC 7816-4 commands): the MF
 * with EF.CardAccess, EF.ATR/INFO…, the eMRTD application (AID A0000002471001) with EF.COM, EF.SOD
 * and the data groups, SELECT and READ BINARY (B0 with offset or short EF identifier, B1 with an
 * offset data object), short and extended length.
 *
 * Access control is layered on, not built in: each file carries an access condition, and
 * `AppletExtension`s (BAC, PACE, chip/active authentication, terminal authentication) handle the
 * instructions this applet does not know, grant conditions, and open a `SecureChannel` that
 * unwraps every later command and wraps its response. A plain command during a secure session ends
 * the session (ICAO 9303-11 §9.8: the chip discards its session keys), as real chips do.
 */
import {
  decodeCommandApdu,
  encodeResponseApdu,
  oddReadBinaryOverhead,
  SW,
  type CommandApdu,
  type DecodedCommandApdu,
  type ResponseApdu,
} from '../../epassport/apdu.js';
import { encodeTlv, readTlvHeader } from '../../epassport/tlv.js';
import type { CardApplet } from './card-applet.js';

export const EMRTD_AID = Buffer.from('A0000002471001', 'hex');

/** File identifiers from ICAO 9303-10 §4 (LDS1). */
export const EF = {
  CARD_ACCESS: 0x011c,
  CARD_SECURITY: 0x011d,
  ATR_INFO: 0x2f01,
  DIR: 0x2f00,
  COM: 0x011e,
  SOD: 0x011d,
  dg: (n: number): number => 0x0100 + n,
} as const;

/**
 * Who may read a file. `always` needs nothing; the others are rights an extension grants (e.g. BAC
 * or PACE grants `secure-messaging`; terminal authentication grants `terminal-auth-dg3`).
 */
export type AccessCondition = 'always' | 'secure-messaging' | 'terminal-auth-dg3' | 'terminal-auth-dg4' | 'never' | (string & {});

export interface ChipFile {
  readonly data: Buffer;
  /** Short EF identifier; default: the low five bits of the FID (ICAO's convention, e.g. 011E → 1E). */
  readonly sfi?: number;
  readonly access?: AccessCondition;
}

export type FileSpec = Buffer | ChipFile;

/** A secure messaging session (set up by BAC, PACE or chip authentication) as the applet sees it. */
export interface SecureChannel {
  /**
   * Verifies and removes secure messaging from a protected command. Returns the plain command (Le
   * from DO 97), or a status word to answer in plain when verification fails, after which the
   * applet closes the channel.
   */
  unwrapCommand(command: DecodedCommandApdu): CommandApdu | { readonly sw: number };
  /** Protects the plain response to the command this channel just unwrapped. */
  wrapResponse(response: ResponseApdu): Buffer;
  /** The most bytes `wrapResponse` adds; READ BINARY shortens its answer by this much (default 0). */
  readonly responseOverhead?: number;
}

export type SelectedDf = 'master' | 'application';

/** What an extension can see and change in the applet. */
export interface AppletContext {
  readonly selectedDf: SelectedDf;
  /** File content, for protocols that need it (EF.CardAccess for PACE, DG14 for CA, DG15 for AA). */
  fileData(fid: number, df: SelectedDf): Buffer | undefined;
  readonly secureChannel: SecureChannel | undefined;
  /** Every later command must be protected by `channel`; grants `rights` until the session ends. */
  openSecureChannel(channel: SecureChannel, rights?: Iterable<AccessCondition>): void;
  /** Ends secure messaging and drops every right granted. */
  closeSecureChannel(): void;
  grant(right: AccessCondition): void;
  hasRight(right: AccessCondition): boolean;
}

export interface AppletExtension {
  /**
   * Sees every command (after unwrapping) before the applet does; returns a response to answer it,
   * or `undefined` to let the applet (or the next extension) handle it.
   */
  handle(command: CommandApdu, context: AppletContext): ResponseApdu | undefined | Promise<ResponseApdu | undefined>;
  /** Field off or reset. */
  reset?(): void;
}

export interface PlainEPassportOptions {
  /** The eMRTD application's files by FID: EF.COM 011E, EF.SOD 011D, DG1 0101, DG2 0102, … */
  readonly applicationFiles: ReadonlyMap<number, FileSpec>;
  /** Files under the MF: EF.CardAccess 011C, EF.CardSecurity 011D, EF.DIR 2F00, EF.ATR/INFO 2F01. */
  readonly masterFiles?: ReadonlyMap<number, FileSpec>;
  /** Accept extended length APDUs (default true); when false they get 6700, as from older chips. */
  readonly extendedLength?: boolean;
  /**
   * The largest response APDU (data + SW1 SW2) the chip sends. Default 65535, the most one vpcd
   * message carries. With extended length, EF.ATR/INFO is generated to announce it unless
   * `masterFiles` has its own 2F01.
   */
  readonly maxResponseApdu?: number;
  readonly extensions?: readonly AppletExtension[];
}

export interface AppletStats {
  commands: number;
  extendedCommands: number;
  bytesRead: number;
}

interface ResolvedFile {
  readonly fid: number;
  readonly data: Buffer;
  readonly sfi: number | undefined;
  readonly access: AccessCondition;
}

function defaultSfi(fid: number): number | undefined {
  const sfi = fid & 0x1f;
  return (fid >> 8 === 0x01 || fid >> 8 === 0x2f) && sfi >= 1 && sfi <= 30 ? sfi : undefined;
}

function resolveFiles(files: ReadonlyMap<number, FileSpec> | undefined): Map<number, ResolvedFile> {
  const out = new Map<number, ResolvedFile>();
  for (const [fid, spec] of files ?? []) {
    const file: ChipFile = Buffer.isBuffer(spec) ? { data: spec } : spec;
    out.set(fid, { fid, data: file.data, sfi: file.sfi ?? defaultSfi(fid), access: file.access ?? 'always' });
  }
  return out;
}

/** EF.ATR/INFO content (ISO/IEC 7816-4 §12.2.2): card capabilities 47 and extended length info 7F66. */
export function encodeEfAtrInfo(options: { extendedLength: boolean; maxCommandApdu: number; maxResponseApdu: number }): Buffer {
  const int = (n: number) => encodeTlv(0x02, n > 0xff ? Buffer.from([n >> 8, n & 0xff]) : Buffer.from([n]));
  const capabilities = encodeTlv(0x47, Buffer.from([0x94, 0x01, options.extendedLength ? 0x60 : 0x00]));
  if (!options.extendedLength) return capabilities;
  return Buffer.concat([capabilities, encodeTlv(0x7f66, Buffer.concat([int(options.maxCommandApdu), int(options.maxResponseApdu)]))]);
}

const respond = (sw: number, data: Buffer = Buffer.alloc(0)): ResponseApdu => ({ data, sw });

export class PlainEPassportApplet implements CardApplet {
  readonly stats: AppletStats = { commands: 0, extendedCommands: 0, bytesRead: 0 };
  private readonly dfs: Record<SelectedDf, Map<number, ResolvedFile>>;
  private readonly extendedLength: boolean;
  private readonly maxResponseApdu: number;
  private readonly extensions: readonly AppletExtension[];
  private selected: SelectedDf = 'master';
  private currentEf: ResolvedFile | undefined;
  private channel: SecureChannel | undefined;
  private readonly rights = new Set<AccessCondition>();
  private readonly context: AppletContext;
  /** Room a protected response needs for its wrapping, while a protected command is being answered. */
  private wrapOverhead = 0;

  constructor(options: PlainEPassportOptions) {
    this.extendedLength = options.extendedLength ?? true;
    this.maxResponseApdu = Math.min(options.maxResponseApdu ?? 0xffff, 0xffff);
    if (this.maxResponseApdu < 258) throw new RangeError('maxResponseApdu must allow a full short response (258 bytes)');
    this.extensions = options.extensions ?? [];
    const master = resolveFiles(options.masterFiles);
    if (!master.has(EF.ATR_INFO) && this.extendedLength) {
      const data = encodeEfAtrInfo({ extendedLength: true, maxCommandApdu: 0xffff, maxResponseApdu: this.maxResponseApdu });
      master.set(EF.ATR_INFO, { fid: EF.ATR_INFO, data, sfi: 0x01, access: 'always' });
    }
    this.dfs = { master, application: resolveFiles(options.applicationFiles) };
    // Getters read live state through arrows, so `this` is the applet however extensions call them.
    const selectedDf = () => this.selected;
    const secureChannel = () => this.channel;
    this.context = {
      get selectedDf() {
        return selectedDf();
      },
      get secureChannel() {
        return secureChannel();
      },
      fileData: (fid, df) => this.dfs[df].get(fid)?.data,
      openSecureChannel: (channel, rights = []) => {
        this.channel = channel;
        for (const r of rights) this.rights.add(r);
      },
      closeSecureChannel: () => this.closeChannel(),
      grant: (right) => this.rights.add(right),
      hasRight: (right) => this.rights.has(right),
    };
  }

  reset(): void {
    this.selected = 'master';
    this.currentEf = undefined;
    this.closeChannel();
    for (const e of this.extensions) e.reset?.();
  }

  private closeChannel(): void {
    this.channel = undefined;
    this.rights.clear();
  }

  async process(apdu: Buffer): Promise<Buffer> {
    this.stats.commands++;
    let command: DecodedCommandApdu;
    try {
      command = decodeCommandApdu(apdu);
    } catch {
      return encodeResponseApdu(respond(SW.WRONG_LENGTH));
    }
    if (command.extended) {
      this.stats.extendedCommands++;
      if (!this.extendedLength) return encodeResponseApdu(respond(SW.WRONG_LENGTH));
    }
    if ((command.cla & 0x80) !== 0 || (command.cla & 0x40) !== 0) return encodeResponseApdu(respond(SW.CLA_NOT_SUPPORTED));

    const isProtected = (command.cla & 0x0c) !== 0;
    const channel = this.channel;
    let plain: CommandApdu = command;
    if (isProtected) {
      if (!channel) return encodeResponseApdu(respond(SW.SM_NOT_SUPPORTED));
      const unwrapped = channel.unwrapCommand(command);
      if ('sw' in unwrapped) {
        this.closeChannel();
        return encodeResponseApdu(respond(unwrapped.sw));
      }
      plain = unwrapped;
    } else if (channel) {
      this.closeChannel();
    }

    this.wrapOverhead = isProtected && channel ? (channel.responseOverhead ?? 0) : 0;
    const response = await this.dispatch(plain);
    // The channel that unwrapped the command wraps its answer, even if the command just replaced it
    // (chip authentication switches keys after answering under the old ones).
    return isProtected && channel ? channel.wrapResponse(response) : encodeResponseApdu(response);
  }

  private async dispatch(command: CommandApdu): Promise<ResponseApdu> {
    for (const extension of this.extensions) {
      const r = await extension.handle(command, this.context);
      if (r) return r;
    }
    if ((command.cla & 0x10) !== 0) return respond(SW.CHAINING_NOT_SUPPORTED);
    switch (command.ins) {
      case 0xa4:
        return this.select(command);
      case 0xb0:
        return this.readBinaryEven(command);
      case 0xb1:
        return this.readBinaryOdd(command);
      default:
        return respond(SW.INS_NOT_SUPPORTED);
    }
  }

  private select(command: CommandApdu): ResponseApdu {
    const data = command.data ?? Buffer.alloc(0);
    const wantsData = (command.p2 & 0x0c) !== 0x0c;
    switch (command.p1) {
      case 0x04: {
        if (!data.equals(EMRTD_AID)) return respond(SW.FILE_NOT_FOUND);
        this.selected = 'application';
        this.currentEf = undefined;
        return wantsData ? respond(SW.OK, encodeTlv(0x6f, encodeTlv(0x84, EMRTD_AID))) : respond(SW.OK);
      }
      case 0x00:
      case 0x02: {
        if (command.p1 === 0x00 && (data.length === 0 || (data.length === 2 && data.readUInt16BE(0) === 0x3f00))) {
          this.selected = 'master';
          this.currentEf = undefined;
          return respond(SW.OK);
        }
        if (data.length !== 2) return respond(SW.WRONG_LENGTH);
        const file = this.dfs[this.selected].get(data.readUInt16BE(0));
        if (!file) return respond(SW.FILE_NOT_FOUND);
        this.currentEf = file;
        if (!wantsData) return respond(SW.OK);
        // FCP: file size (80), transparent EF (82 01), file identifier (83).
        const size = Buffer.alloc(2);
        size.writeUInt16BE(Math.min(file.data.length, 0xffff));
        const fcp = encodeTlv(0x62, Buffer.concat([encodeTlv(0x80, size), encodeTlv(0x82, Buffer.from([0x01])), encodeTlv(0x83, data)]));
        return respond(SW.OK, fcp);
      }
      default:
        return respond(SW.INCORRECT_P1P2);
    }
  }

  private fileBySfi(sfi: number): ResolvedFile | undefined {
    for (const f of this.dfs[this.selected].values()) if (f.sfi === sfi) return f;
    return undefined;
  }

  private readBinaryEven(command: CommandApdu): ResponseApdu {
    if (command.data && command.data.length > 0) return respond(SW.WRONG_LENGTH);
    if (command.le === undefined) return respond(SW.WRONG_LENGTH);
    let offset: number;
    if ((command.p1 & 0x80) !== 0) {
      if ((command.p1 & 0x60) !== 0) return respond(SW.INCORRECT_P1P2);
      const file = this.fileBySfi(command.p1 & 0x1f);
      if (!file) return respond(SW.FILE_NOT_FOUND);
      this.currentEf = file;
      offset = command.p2;
    } else {
      offset = (command.p1 << 8) | command.p2;
    }
    if (!this.currentEf) return respond(SW.NO_CURRENT_EF);
    return this.readRange(this.currentEf, offset, command.le, 0);
  }

  private readBinaryOdd(command: CommandApdu): ResponseApdu {
    if (command.le === undefined) return respond(SW.WRONG_LENGTH);
    const p1p2 = (command.p1 << 8) | command.p2;
    if (p1p2 !== 0) {
      const file = (p1p2 & 0xffe0) === 0 ? this.fileBySfi(p1p2 & 0x1f) : this.dfs[this.selected].get(p1p2);
      if (!file) return respond(SW.FILE_NOT_FOUND);
      this.currentEf = file;
    }
    if (!this.currentEf) return respond(SW.NO_CURRENT_EF);
    const data = command.data ?? Buffer.alloc(0);
    let header;
    try {
      header = readTlvHeader(data);
    } catch {
      header = undefined;
    }
    if (!header || header.tag !== 0x54 || header.valueLength < 1 || header.valueLength > 3 || header.headerLength + header.valueLength !== data.length) {
      return respond(SW.INCORRECT_DATA);
    }
    const offset = data.readUIntBE(header.headerLength, header.valueLength);
    return this.readRange(this.currentEf, offset, command.le, 1);
  }

  /** `wrapped`: 0 for B0 (raw bytes), 1 for B1 (bytes inside DO 53). */
  private readRange(file: ResolvedFile, offset: number, ne: number, wrapped: 0 | 1): ResponseApdu {
    if (file.access !== 'always' && !this.rights.has(file.access)) return respond(SW.SECURITY_STATUS_NOT_SATISFIED);
    const size = file.data.length;
    if (offset > size) return respond(SW.WRONG_OFFSET);
    const room = Math.min(ne, this.maxResponseApdu - 2 - this.wrapOverhead);
    const remaining = size - offset;
    let count = Math.min(room, remaining);
    if (wrapped) {
      while (count > 0 && count + oddReadBinaryOverhead(count) > room) count--;
    }
    const bytes = file.data.subarray(offset, offset + count);
    this.stats.bytesRead += count;
    // Le = 00 / 0000 asks for "everything up to the end of the file" (ISO/IEC 7816-4 §11.2.3), so a
    // short file is no warning then; an explicit Ne that runs past the end gets 6282.
    const askedForAll = ne === 256 || ne === 65536;
    const delivered = wrapped ? count + oddReadBinaryOverhead(count) : count;
    const sw = count < remaining || askedForAll || delivered >= ne ? SW.OK : SW.END_OF_FILE;
    return respond(sw, wrapped ? encodeTlv(0x53, bytes) : bytes);
  }
}
