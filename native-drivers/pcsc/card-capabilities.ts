/**
 * What a card says about the APDU sizes it accepts, from the two places ISO/IEC 7816-4 puts it:
 *  - the historical bytes of the ATR (ISO/IEC 7816-3 §8.2 for the ATR layout, 7816-4 §12.1.1 for the
 *    compact-TLV objects): "card capabilities" (tag 7) third byte, b8 = command chaining,
 *    b7 = extended Lc and Le fields, b6 = extended length information in EF.ATR/INFO;
 *  - EF.ATR/INFO (FID 2F01, SFI 01 under the MF; ICAO 9303-10 names it as where an eMRTD announces
 *    extended length): BER-TLV objects, 47 = card capabilities (same coding), 7F66 = extended length
 *    information holding two INTEGERs (02): the most bytes in a command APDU, then in a response APDU.
 * A contactless reader builds the ATR itself (PC/SC part 3 §3.1.3.2.3: 3B 8n 80 01 historical TCK),
 * so for type B chips the ATR carries no capabilities and EF.ATR/INFO is the only source.
 */
import { ApduError, readBinary, SW, type ResponseApdu, type Transmit } from '../epassport/apdu.js';
import { sendCommand } from './apdu-channel.js';
import { parseTlvList, TlvError } from '../epassport/tlv.js';

export interface AtrInfo {
  /** Transmission protocols offered in TD bytes (T=0 when none is indicated). */
  readonly protocols: readonly number[];
  readonly historicalBytes: Buffer;
  /** False when a TCK is present and the XOR over T0..TCK is not zero. */
  readonly checksumValid: boolean;
}

/** Parses an ATR (ISO/IEC 7816-3 §8.2.2). Returns `undefined` for bytes that are not an ATR. */
export function parseAtr(atr: Buffer): AtrInfo | undefined {
  if (atr.length < 2 || (atr[0] !== 0x3b && atr[0] !== 0x3f)) return undefined;
  let i = 1;
  const t0 = atr[i++] as number;
  const historicalCount = t0 & 0x0f;
  let y = t0 >> 4;
  const protocols: number[] = [];
  while (true) {
    // TAi, TBi, TCi are present for bits 5, 6, 7 of Y; TDi for bit 8.
    i += (y & 1) + ((y >> 1) & 1) + ((y >> 2) & 1);
    if ((y & 8) === 0) break;
    if (i >= atr.length) return undefined;
    const td = atr[i++] as number;
    protocols.push(td & 0x0f);
    y = td >> 4;
  }
  if (i + historicalCount > atr.length) return undefined;
  const historicalBytes = atr.subarray(i, i + historicalCount);
  i += historicalCount;
  const hasTck = protocols.some((p) => p !== 0);
  if (hasTck && i !== atr.length - 1) return undefined;
  if (!hasTck && i !== atr.length) return undefined;
  let xor = 0;
  for (let k = 1; k < atr.length; k++) xor ^= atr[k] as number;
  return { protocols: protocols.length > 0 ? protocols : [0], historicalBytes, checksumValid: !hasTck || xor === 0 };
}

export interface CardCapabilities {
  readonly commandChaining?: boolean;
  readonly extendedLength?: boolean;
  /** The card says EF.ATR/INFO holds the extended length information (7F66). */
  readonly extendedLengthInfoInEfAtr?: boolean;
  /** Most bytes in one command APDU (header and length fields included), from 7F66. */
  readonly maxCommandApdu?: number;
  /** Most bytes in one response APDU (SW1 SW2 included), from 7F66. */
  readonly maxResponseApdu?: number;
}

function fromCapabilityBytes(value: Buffer): CardCapabilities {
  if (value.length < 3) return {};
  const third = value[2] as number;
  return { commandChaining: (third & 0x80) !== 0, extendedLength: (third & 0x40) !== 0, extendedLengthInfoInEfAtr: (third & 0x20) !== 0 };
}

/** Card capabilities from the historical bytes; `{}` when the category is proprietary. */
export function capabilitiesFromHistoricalBytes(historical: Buffer): CardCapabilities {
  const category = historical[0];
  if (category !== 0x00 && category !== 0x80) return {};
  // Category 00 ends with a three-byte status indicator outside the compact-TLV objects.
  const end = category === 0x00 ? historical.length - 3 : historical.length;
  let i = 1;
  while (i < end) {
    const header = historical[i++] as number;
    const tag = header >> 4;
    const length = header & 0x0f;
    if (i + length > end) return {};
    if (tag === 0x7) return fromCapabilityBytes(historical.subarray(i, i + length));
    i += length;
  }
  return {};
}

/** Card capabilities and extended length information from the content of EF.ATR/INFO. */
export function capabilitiesFromEfAtrInfo(content: Buffer): CardCapabilities {
  let objects;
  try {
    objects = parseTlvList(content, { skipFiller: true, parseChildren: false });
  } catch (e) {
    if (e instanceof TlvError) return {};
    throw e;
  }
  let caps: CardCapabilities = {};
  for (const o of objects) {
    if (o.tag === 0x47) caps = { ...caps, ...fromCapabilityBytes(o.value) };
    if (o.tag === 0x7f66) {
      let ints;
      try {
        ints = parseTlvList(o.value, { skipFiller: true, parseChildren: false }).filter((x) => x.tag === 0x02 && x.value.length >= 1 && x.value.length <= 4);
      } catch (e) {
        if (e instanceof TlvError) continue;
        throw e;
      }
      const [command, response] = ints.map((x) => x.value.readUIntBE(0, x.value.length));
      caps = { ...caps, ...(command ? { maxCommandApdu: command } : {}), ...(response ? { maxResponseApdu: response } : {}) };
    }
  }
  return caps;
}

export const EF_ATR_INFO_SFI = 0x01;

/**
 * What the card says about itself: the ATR's historical bytes, then EF.ATR/INFO read by SFI from
 * the MF (so call it right after connecting, before selecting an application). EF.ATR/INFO wins
 * where both speak. A card without EF.ATR/INFO costs one APDU and yields the ATR's answer.
 */
export async function detectCardCapabilities(transmit: Transmit, atr: Buffer | undefined, options: { readEfAtrInfo?: boolean } = {}): Promise<CardCapabilities> {
  const parsed = atr ? parseAtr(atr) : undefined;
  const fromAtr = parsed ? capabilitiesFromHistoricalBytes(parsed.historicalBytes) : {};
  if (options.readEfAtrInfo === false) return fromAtr;
  let response: ResponseApdu | undefined;
  try {
    response = await sendCommand(transmit, readBinary(0, 256, EF_ATR_INFO_SFI));
  } catch (e) {
    // A card that answers the probe with garbage is treated as one without EF.ATR/INFO; transport
    // errors (card gone, reader gone) are the caller's to handle.
    if (!(e instanceof ApduError)) throw e;
  }
  if (!response || (response.sw !== SW.OK && response.sw !== SW.END_OF_FILE)) return fromAtr;
  return { ...fromAtr, ...capabilitiesFromEfAtrInfo(response.data) };
}

export interface ReadLimits {
  /** Ne for extended-length reads; absent when the card (or the reader) cannot do extended length. */
  readonly extendedLe?: number;
  /** Ne for short reads, 1..256. */
  readonly shortLe: number;
}

/**
 * The largest short Le that still fits a secure-messaging-protected answer in 256 bytes for both
 * 3DES and AES: 223 bytes pad to 224, plus DO 87 header and indicator (4), DO 99 (4) and DO 8E (10),
 * is 242. 231 (E7) is the 3DES maximum but overflows with AES's 16-byte padding.
 */
export const SM_SAFE_SHORT_LE = 0xdf;

/** Room left in an extended response for secure messaging wrapping (DO 87/99/8E and padding). */
const SM_EXTENDED_ALLOWANCE = 64;

/** The read sizes to use with a card of these capabilities, plain or under secure messaging. */
export function readLimitsFor(caps: CardCapabilities, options: { secureMessaging: boolean; transportMaxResponse?: number }): ReadLimits {
  const shortLe = options.secureMessaging ? SM_SAFE_SHORT_LE : 256;
  if (caps.extendedLength !== true) return { shortLe };
  const maxResponse = Math.min(caps.maxResponseApdu ?? 65538, options.transportMaxResponse ?? 65538);
  let extendedLe = Math.min(65536, maxResponse - 2);
  if (options.secureMessaging) extendedLe -= SM_EXTENDED_ALLOWANCE;
  return extendedLe > shortLe ? { extendedLe, shortLe } : { shortLe };
}
