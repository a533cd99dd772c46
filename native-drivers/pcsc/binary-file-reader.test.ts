/**
 * Whole-file reads against the simulated chip in-process (no PC/SC): how many READ BINARY commands
 * each card capability costs, the fallbacks, and the errors.
 */
import { describe, expect, it } from 'vitest';
import { appletTransmit } from '../simulators/chip/card-applet.js';
import { EF, EMRTD_AID, PlainEPassportApplet, type PlainEPassportOptions } from '../simulators/chip/plain-epassport-applet.js';
import { decodeCommandApdu, type Transmit } from '../epassport/apdu.js';
import { encodeTlv } from '../epassport/tlv.js';
import { BinaryFileReader, type FallbackEvent } from './binary-file-reader.js';
import { PcscError } from './pcsc-error.js';

function pattern(length: number, seed: number): Buffer {
  const b = Buffer.alloc(length);
  for (let i = 0; i < length; i++) b[i] = (i * 7 + seed * 13 + (i >> 8)) & 0xff;
  return b;
}

const DG1 = encodeTlv(0x61, encodeTlv(0x5f1f, Buffer.from('P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10')));
const DG2 = encodeTlv(0x75, pattern(20_000, 2));
const DG5 = encodeTlv(0x65, pattern(40_000, 5)); // past the 32767 reach of READ BINARY B0

interface Recorder {
  transmit: Transmit;
  commands: Array<{ ins: number; p1: number; le: number | undefined; extended: boolean }>;
}

function recording(inner: Transmit): Recorder {
  const commands: Recorder['commands'] = [];
  return {
    commands,
    transmit: async (apdu) => {
      const c = decodeCommandApdu(apdu);
      commands.push({ ins: c.ins, p1: c.p1, le: c.le, extended: c.extended });
      return inner(apdu);
    },
  };
}

function chip(options: Partial<PlainEPassportOptions> = {}): PlainEPassportApplet {
  return new PlainEPassportApplet({
    applicationFiles: new Map([
      [EF.dg(1), DG1],
      [EF.dg(2), DG2],
      [EF.dg(5), DG5],
      [EF.dg(7), Buffer.from('no TLV here')],
    ]),
    ...options,
  });
}

async function readerFor(applet: PlainEPassportApplet, limits: { extendedLe?: number; shortLe: number }, onFallback?: (e: FallbackEvent) => void) {
  const rec = recording(appletTransmit(applet));
  const reader = new BinaryFileReader(rec.transmit, limits, onFallback ? { onFallback } : {});
  await reader.selectApplication(EMRTD_AID);
  rec.commands.length = 0;
  return { reader, rec };
}

describe('BinaryFileReader', () => {
  it('reads a 20 KB DG2 in one extended READ BINARY by short EF identifier (no SELECT)', async () => {
    const { reader, rec } = await readerFor(chip(), { extendedLe: 65533, shortLe: 256 });
    expect((await reader.readFile({ fid: EF.dg(2), sfi: 2 })).equals(DG2)).toBe(true);
    expect(rec.commands).toEqual([{ ins: 0xb0, p1: 0x82, le: 65533, extended: true }]);
  });

  it('reads DG2 in 256-byte short reads, the last one sized to what is left', async () => {
    const { reader, rec } = await readerFor(chip({ extendedLength: false }), { shortLe: 256 });
    expect((await reader.readFile({ fid: EF.dg(2), sfi: 2 })).equals(DG2)).toBe(true);
    expect(rec.commands).toHaveLength(Math.ceil(DG2.length / 256));
    expect(rec.commands.at(-1)?.le).toBe(DG2.length % 256);
    expect(rec.commands.every((c) => !c.extended)).toBe(true);
  });

  it('uses 223-byte reads (DF) when limits leave room for secure messaging', async () => {
    const { reader, rec } = await readerFor(chip({ extendedLength: false }), { shortLe: 0xdf });
    expect((await reader.readFile({ fid: EF.dg(1), sfi: 1 })).equals(DG1)).toBe(true);
    expect(rec.commands.map((c) => c.le)).toEqual([0xdf]); // one read: the chip answers the 93 bytes it has with 6282
    await reader.readFile({ fid: EF.dg(2), sfi: 2 });
    expect(Math.max(...rec.commands.map((c) => c.le ?? 0))).toBe(0xdf);
  });

  it('drops to short reads for the session when the chip refuses extended length (6700)', async () => {
    const events: FallbackEvent[] = [];
    const { reader, rec } = await readerFor(chip({ extendedLength: false }), { extendedLe: 65533, shortLe: 256 }, (e) => events.push(e));
    expect((await reader.readFile({ fid: EF.dg(2), sfi: 2 })).equals(DG2)).toBe(true);
    expect(rec.commands[0]).toMatchObject({ extended: true, le: 65533 });
    expect(rec.commands.slice(1).every((c) => !c.extended)).toBe(true);
    expect(events).toHaveLength(1);
    expect(events[0]?.reason).toMatch(/6700/);
    expect(reader.currentLimits).toEqual({ shortLe: 256 });
    rec.commands.length = 0;
    await reader.readFile({ fid: EF.dg(1), sfi: 1 });
    expect(rec.commands.every((c) => !c.extended)).toBe(true);
  });

  it('drops to short reads when the reader fails an extended APDU (TRANSMIT_FAILED)', async () => {
    const inner = appletTransmit(chip());
    const transmit: Transmit = async (apdu) => {
      if (decodeCommandApdu(apdu).extended) throw new PcscError('TRANSMIT_FAILED', 'SCardTransmit: Transaction failed.(0x80100016)');
      return inner(apdu);
    };
    const reader = new BinaryFileReader(transmit, { extendedLe: 65533, shortLe: 256 });
    await reader.selectApplication(EMRTD_AID);
    expect((await reader.readFile({ fid: EF.dg(2), sfi: 2 })).equals(DG2)).toBe(true);
    expect(reader.currentLimits.extendedLe).toBeUndefined();
  });

  it('does not mistake a lost card for a length problem', async () => {
    const transmit: Transmit = async () => {
      throw new PcscError('REMOVED', 'the card left');
    };
    const reader = new BinaryFileReader(transmit, { extendedLe: 65533, shortLe: 256 });
    await expect(reader.readFile({ fid: EF.dg(2), sfi: 2 })).rejects.toMatchObject({ code: 'REMOVED' });
    expect(reader.currentLimits.extendedLe).toBe(65533);
  });

  it('reads beyond offset 32767 with READ BINARY B1', async () => {
    const { reader, rec } = await readerFor(chip({ extendedLength: false }), { shortLe: 256 });
    expect((await reader.readFile({ fid: EF.dg(5), sfi: 5 })).equals(DG5)).toBe(true);
    const odd = rec.commands.filter((c) => c.ins === 0xb1);
    expect(odd.length).toBeGreaterThan(0);
    expect(rec.commands.findIndex((c) => c.ins === 0xb1)).toBe(Math.ceil(32768 / 256));
  });

  it('reads a 40 KB file with two extended reads, the second one B1', async () => {
    const { reader, rec } = await readerFor(chip({ maxResponseApdu: 0x8002 }), { extendedLe: 0x8000, shortLe: 256 });
    expect((await reader.readFile({ fid: EF.dg(5), sfi: 5 })).equals(DG5)).toBe(true);
    expect(rec.commands.map((c) => c.ins)).toEqual([0xb0, 0xb1]);
  });

  it('falls back to SELECT + READ BINARY when the chip does not take the short EF identifier', async () => {
    const applet = chip();
    const { reader, rec } = await readerFor(applet, { shortLe: 256 });
    // A wrong SFI makes the chip answer 6A82, as a chip without SFI support does.
    expect((await reader.readFile({ fid: EF.dg(1), sfi: 9 })).equals(DG1)).toBe(true);
    expect(rec.commands.map((c) => c.ins)).toEqual([0xb0, 0xa4, 0xb0]);
  });

  it('reports a missing file as STATUS 6A82 and a protected one as STATUS 6982 (no SELECT retry)', async () => {
    const applet = new PlainEPassportApplet({ applicationFiles: new Map([[EF.dg(3), { data: encodeTlv(0x63, Buffer.alloc(4)), access: 'terminal-auth-dg3' }]]) });
    const { reader, rec } = await readerFor(applet, { shortLe: 256 });
    await expect(reader.readFile({ fid: EF.dg(4), sfi: 4 })).rejects.toMatchObject({ code: 'STATUS', sw: 0x6a82 });
    rec.commands.length = 0;
    await expect(reader.readFile({ fid: EF.dg(3), sfi: 3 })).rejects.toMatchObject({ code: 'STATUS', sw: 0x6982 });
    expect(rec.commands).toHaveLength(1);
  });

  it('reads a file that is not one TLV object until the end of file', async () => {
    const { reader } = await readerFor(chip(), { shortLe: 4 });
    expect((await reader.readFile({ fid: EF.dg(7), sfi: 7 }, { sizing: 'until-eof' })).toString()).toBe('no TLV here');
  });

  it('refuses files shorter than their header, and headers beyond maxFileBytes', async () => {
    const short = new PlainEPassportApplet({ applicationFiles: new Map([[EF.dg(1), Buffer.concat([Buffer.from([0x61, 0x82, 0x01, 0x00]), Buffer.alloc(10)])]]) });
    const a = await readerFor(short, { shortLe: 256 });
    await expect(a.reader.readFile({ fid: EF.dg(1), sfi: 1 })).rejects.toMatchObject({ code: 'PROTOCOL', message: expect.stringMatching(/ended after 14 of the 260 bytes/) });
    const b = await readerFor(chip(), { shortLe: 256 });
    await expect(b.reader.readFile({ fid: EF.dg(2), sfi: 2 }, { maxFileBytes: 1000 })).rejects.toMatchObject({ code: 'PROTOCOL' });
  });

  it('validates its limits', () => {
    const t: Transmit = async () => Buffer.from([0x90, 0]);
    expect(() => new BinaryFileReader(t, { shortLe: 0 })).toThrowError(/shortLe/);
    expect(() => new BinaryFileReader(t, { shortLe: 256, extendedLe: 70000 })).toThrowError(/extendedLe/);
  });
});
