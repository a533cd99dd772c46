import { describe, expect, it } from 'vitest';
import { appletTransmit } from '../simulators/chip/card-applet.js';
import { icaoContactlessAtr } from '../simulators/chip/contactless-atr.js';
import { EF, PlainEPassportApplet } from '../simulators/chip/plain-epassport-applet.js';
import type { Transmit } from '../epassport/apdu.js';
import { capabilitiesFromEfAtrInfo, capabilitiesFromHistoricalBytes, detectCardCapabilities, parseAtr, readLimitsFor, SM_SAFE_SHORT_LE } from './card-capabilities.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('parseAtr (ISO/IEC 7816-3 §8.2)', () => {
  it('finds the historical bytes of a PC/SC contactless ATR (3B 8n 80 01 … TCK)', () => {
    // PC/SC part 3's example for a contactless storage card: 15 historical bytes.
    const atr = parseAtr(hex('3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 03 00 00 00 00 68'));
    expect(atr?.protocols).toEqual([0, 1]);
    expect(atr?.historicalBytes.toString('hex').toUpperCase()).toBe('804F0CA00000030603000300000000');
    expect(atr?.checksumValid).toBe(true);
  });

  it('parses a T=0 ATR with interface bytes and no TCK', () => {
    const atr = parseAtr(hex('3B 65 00 00 9C 11 01 01 03'));
    expect(atr?.protocols).toEqual([0]);
    expect(atr?.historicalBytes.toString('hex')).toBe('9c11010103');
  });

  it('flags a bad TCK and rejects what is not an ATR', () => {
    expect(parseAtr(hex('3B 85 80 01 80 73 94 01 60 03'))?.checksumValid).toBe(false);
    for (const bad of ['', '3B', '00 00', '3B 85 80 01 80 73', '3B 80 80', '3B 01 02 03']) expect(parseAtr(hex(bad))).toBeUndefined();
  });
});

describe('card capabilities', () => {
  it('reads extended Lc/Le and chaining from compact-TLV tag 7 of the historical bytes', () => {
    expect(capabilitiesFromHistoricalBytes(hex('80 73 94 01 E0'))).toEqual({ commandChaining: true, extendedLength: true, extendedLengthInfoInEfAtr: true });
    expect(capabilitiesFromHistoricalBytes(hex('80 73 94 01 00'))).toEqual({ commandChaining: false, extendedLength: false, extendedLengthInfoInEfAtr: false });
    // Category 00: compact-TLV objects, then a 3-byte status indicator that is not parsed as TLV.
    expect(capabilitiesFromHistoricalBytes(hex('00 31 80 73 00 00 40 00 90 00'))).toMatchObject({ extendedLength: true });
    // Proprietary category (type B contactless ATRs carry ATQB bytes): nothing known.
    expect(capabilitiesFromHistoricalBytes(hex('50 12 34 56 78 00 00 00'))).toEqual({});
    expect(capabilitiesFromHistoricalBytes(hex('12 34 56'))).toEqual({});
  });

  it('reads EF.ATR/INFO: 47 card capabilities and 7F66 extended length information', () => {
    // EF.ATR/INFO of a type B card: card service data, capabilities F7 41 E0, 7F66 with 05F0 / 05F0.
    expect(capabilitiesFromEfAtrInfo(hex('4301F8 4703F741E0 7F6608 020205F0 020205F0'))).toEqual({
      commandChaining: true,
      extendedLength: true,
      extendedLengthInfoInEfAtr: true,
      maxCommandApdu: 1520,
      maxResponseApdu: 1520,
    });
    expect(capabilitiesFromEfAtrInfo(hex('47 05 01'))).toEqual({});
  });

  it('detects the simulated chip from its ATR and EF.ATR/INFO', async () => {
    const applet = new PlainEPassportApplet({ applicationFiles: new Map([[EF.dg(1), hex('6100')]]), maxResponseApdu: 4000 });
    const caps = await detectCardCapabilities(appletTransmit(applet), icaoContactlessAtr({ extendedLength: true }));
    expect(caps).toMatchObject({ extendedLength: true, maxResponseApdu: 4000 });
    expect(readLimitsFor(caps, { secureMessaging: false })).toEqual({ extendedLe: 3998, shortLe: 256 });
    expect(readLimitsFor(caps, { secureMessaging: true })).toEqual({ extendedLe: 3998 - 64, shortLe: SM_SAFE_SHORT_LE });
  });

  it('keeps the ATR answer when EF.ATR/INFO is absent or garbled, and never reads it when told not to', async () => {
    const noFile: Transmit = async () => hex('6A82');
    expect(await detectCardCapabilities(noFile, icaoContactlessAtr({ extendedLength: false }))).toMatchObject({ extendedLength: false });
    const garbage: Transmit = async () => hex('01');
    expect(await detectCardCapabilities(garbage, undefined)).toEqual({});
    let calls = 0;
    const counting: Transmit = async () => {
      calls++;
      return hex('9000');
    };
    await detectCardCapabilities(counting, icaoContactlessAtr({ extendedLength: true }), { readEfAtrInfo: false });
    expect(calls).toBe(0);
    expect(readLimitsFor({}, { secureMessaging: false })).toEqual({ shortLe: 256 });
    expect(readLimitsFor({ extendedLength: true, maxResponseApdu: 100 }, { secureMessaging: false })).toEqual({ shortLe: 256 });
  });
});
