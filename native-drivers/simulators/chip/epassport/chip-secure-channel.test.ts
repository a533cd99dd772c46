// The chip's side of secure messaging against ICAO Doc 9303 Part 11 (8th ed.) Appendix D.4: the
// protected commands the appendix prints must unwrap to SELECT EF.COM and the two READ BINARYs, and the
// chip's protected responses must be byte for byte the ones printed. Then both sides of this code base
// against each other (3DES and AES), and the refusals that end a session.
import { describe, expect, it } from 'vitest';
import { AesSmCipher, DesSmCipher, SecureMessaging, decodeCommandApdu, type CommandApdu } from '../../../epassport/index.js';
import { ChipSecureChannel } from './chip-secure-channel.js';

const h = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const H = (b: Buffer): string => b.toString('hex').toUpperCase();

const KS_ENC = h('979EC13B1CBFE9DCD01AB0FED307EAE5');
const KS_MAC = h('F1CB1F1FB5ADF208806B89DC579DC1F8');
const SSC0 = h('887022120C06C226');

function unwrap(channel: ChipSecureChannel, apdu: string): CommandApdu {
  const r = channel.unwrapCommand(decodeCommandApdu(h(apdu)));
  if ('sw' in r) throw new Error(`refused with ${r.sw.toString(16)}`);
  return r;
}

describe('chip-side secure messaging, ICAO 9303-11 Appendix D.4', () => {
  it('unwraps the three protected commands and protects the three responses exactly as printed', () => {
    const chip = new ChipSecureChannel(new DesSmCipher(KS_ENC, KS_MAC), SSC0);

    expect(unwrap(chip, '0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800')).toEqual({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: h('011E') });
    expect(H(chip.wrapResponse({ data: Buffer.alloc(0), sw: 0x9000 }))).toBe('990290008E08FA855A5D4C50A8ED9000');

    expect(unwrap(chip, '0CB000000D9701048E08ED6705417E96BA5500')).toEqual({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: 4 });
    expect(H(chip.wrapResponse({ data: h('60145F01'), sw: 0x9000 }))).toBe('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000');

    expect(unwrap(chip, '0CB000040D9701128E082EA28A70F3C7B53500')).toEqual({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x04, le: 0x12 });
    expect(H(chip.wrapResponse({ data: h('04303130365F36063034303030305C026175'), sw: 0x9000 }))).toBe('871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000');
    expect(H(chip.ssc)).toBe('887022120C06C22C');
  });

  it('refuses a flipped MAC bit with 6988, a missing MAC with 6987, and a replayed command with 6988', () => {
    const flipped = new ChipSecureChannel(new DesSmCipher(KS_ENC, KS_MAC), SSC0);
    expect(flipped.unwrapCommand(decodeCommandApdu(h('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F900')))).toEqual({ sw: 0x6988 });
    const noMac = new ChipSecureChannel(new DesSmCipher(KS_ENC, KS_MAC), SSC0);
    expect(noMac.unwrapCommand(decodeCommandApdu(h('0CA4020C0B8709016375432908C044F6')))).toEqual({ sw: 0x6987 });
    const replay = new ChipSecureChannel(new DesSmCipher(KS_ENC, KS_MAC), SSC0);
    unwrap(replay, '0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800');
    replay.wrapResponse({ data: Buffer.alloc(0), sw: 0x9000 });
    expect(replay.unwrapCommand(decodeCommandApdu(h('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800')))).toEqual({ sw: 0x6988 });
    expect(replay.stats).toEqual({ commands: 2, rejected: 1 });
  });
});

describe('terminal ⇄ chip secure messaging', () => {
  const keys = { enc: h('F5F0E35C0D7161EE6724EE513A0D9A7F'), mac: h('FE251C7858B356B24514B3BD5F4297D1') };
  for (const [name, terminalCipher, chipChannel] of [
    ['3DES', new DesSmCipher(KS_ENC, KS_MAC), () => ChipSecureChannel.withKeys('3DES', KS_ENC, KS_MAC, SSC0)],
    ['AES-128', new AesSmCipher(keys.enc, keys.mac), () => ChipSecureChannel.withKeys('AES-128', keys.enc, keys.mac)],
  ] as const) {
    it(`${name}: commands with data, Le, both and neither, and responses with and without data`, () => {
      const terminal = new SecureMessaging(terminalCipher, name === '3DES' ? SSC0 : Buffer.alloc(16));
      const chip = chipChannel();
      const commands: CommandApdu[] = [
        { cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: h('0101') },
        { cla: 0x00, ins: 0xb0, p1: 0x81, p2: 0x00, le: 256 },
        { cla: 0x00, ins: 0x88, p1: 0x00, p2: 0x00, data: h('0011223344556677'), le: 65536 },
        { cla: 0x00, ins: 0x22, p1: 0x41, p2: 0xa4, data: Buffer.alloc(300, 0x5a) },
        { cla: 0x00, ins: 0x44, p1: 0x00, p2: 0x00 },
      ];
      for (const [i, command] of commands.entries()) {
        const seen = chip.unwrapCommand(decodeCommandApdu(terminal.protect(command)));
        expect(seen).toEqual(command);
        const data = Buffer.alloc(i * 97, i + 1);
        const back = terminal.unprotect(chip.wrapResponse({ data, sw: i === 4 ? 0x6a82 : 0x9000 }));
        expect(back).toMatchObject({ protected: true, sw: i === 4 ? 0x6a82 : 0x9000 });
        expect(back.data.equals(data)).toBe(true);
      }
      expect(chip.ssc.equals(terminal.ssc)).toBe(true);
    });
  }
});
