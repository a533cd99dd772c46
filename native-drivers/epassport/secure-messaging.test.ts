// 3DES secure messaging: ICAO Doc 9303 Part 11 (8th ed.), Appendix D.4 "Secure Messaging" — SELECT
// EF.COM, READ BINARY of its first 4 bytes and of the remaining 18, with every protected command,
// protected response and SSC value the appendix prints.
// AES secure messaging: no ICAO worked example exists for it; the vector below is from
// tsenger/animamea SecureMessagingTest.java (testWrapAES/testUnwrapAES: an MSE:Set AT command and a
// 9000 response under AES-128 session keys), which is a public implementation's test, not a standard.
import { describe, expect, it } from 'vitest';
import { AesSmCipher, DesSmCipher, SecureMessaging, SecureMessagingError, incrementCounter } from './secure-messaging.js';
import { decodeCommandApdu, type Transmit } from './apdu.js';
import { pad } from './padding.js';

const h = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const H = (b: Buffer): string => b.toString('hex').toUpperCase();

const KS_ENC = h('979EC13B1CBFE9DCD01AB0FED307EAE5');
const KS_MAC = h('F1CB1F1FB5ADF208806B89DC579DC1F8');
const SSC0 = h('887022120C06C226');

function bacSession(): SecureMessaging {
  return new SecureMessaging(new DesSmCipher(KS_ENC, KS_MAC), SSC0);
}

describe('3DES secure messaging (ICAO 9303-11 Appendix D.4)', () => {
  it('D.4.1: protects SELECT EF.COM and checks its response', () => {
    const sm = bacSession();
    expect(H(sm.protect({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: h('011E') }))).toBe('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800');
    expect(H(sm.ssc)).toBe('887022120C06C227');
    const r = sm.unprotect(h('990290008E08FA855A5D4C50A8ED9000'));
    expect(r).toMatchObject({ sw: 0x9000, protected: true });
    expect(r.data).toHaveLength(0);
    expect(H(sm.ssc)).toBe('887022120C06C228');
  });

  it('D.4.2 and D.4.3: READ BINARY of EF.COM in two parts', () => {
    const sm = bacSession();
    sm.protect({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: h('011E') });
    sm.unprotect(h('990290008E08FA855A5D4C50A8ED9000'));

    expect(H(sm.protect({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: 4 }))).toBe('0CB000000D9701048E08ED6705417E96BA5500');
    expect(H(sm.ssc)).toBe('887022120C06C229');
    const first = sm.unprotect(h('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000'));
    expect(H(first.data)).toBe('60145F01');
    expect(H(sm.ssc)).toBe('887022120C06C22A');

    expect(H(sm.protect({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x04, le: 0x12 }))).toBe('0CB000040D9701128E082EA28A70F3C7B53500');
    expect(H(sm.ssc)).toBe('887022120C06C22B');
    const rest = sm.unprotect(h('871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000'));
    expect(H(rest.data)).toBe('04303130365F36063034303030305C026175');
    expect(rest.sw).toBe(0x9000);
    expect(H(sm.ssc)).toBe('887022120C06C22C');
  });

  it('rejects a response with one MAC bit flipped, and ends the session', () => {
    const sm = bacSession();
    sm.protect({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: h('011E') });
    expect(() => sm.unprotect(h('990290008E08FA855A5D4C50A8EC9000'))).toThrow(SecureMessagingError);
    expect(sm.isClosed).toBe(true);
    expect(() => sm.protect({ cla: 0x00, ins: 0xb0, p1: 0, p2: 0, le: 4 })).toThrow(/session has ended/);
  });

  it('rejects a response whose encrypted data was altered (the MAC covers it)', () => {
    const sm = bacSession();
    sm.protect({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: h('011E') });
    sm.unprotect(h('990290008E08FA855A5D4C50A8ED9000'));
    sm.protect({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: 4 });
    expect(() => sm.unprotect(h('8709019FF0EC34F9922652990290008E08AD55CC17140B2DED9000'))).toThrow(/MAC does not verify/);
  });

  it('rejects a replayed response (the SSC has moved on)', () => {
    const sm = bacSession();
    sm.protect({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: h('011E') });
    sm.unprotect(h('990290008E08FA855A5D4C50A8ED9000'));
    sm.protect({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: h('011E') });
    expect(() => sm.unprotect(h('990290008E08FA855A5D4C50A8ED9000'))).toThrow(/MAC does not verify/);
  });

  it('rejects 9000 without data objects, and passes a plain SM error through while closing the session', () => {
    const a = bacSession();
    a.protect({ cla: 0x00, ins: 0xb0, p1: 0, p2: 0, le: 4 });
    expect(() => a.unprotect(h('9000'))).toThrow(/without secure messaging/);
    const b = bacSession();
    b.protect({ cla: 0x00, ins: 0xb0, p1: 0, p2: 0, le: 4 });
    expect(b.unprotect(h('6988'))).toMatchObject({ sw: 0x6988, protected: false });
    expect(b.isClosed).toBe(true);
  });

  it('wraps a Transmit so file-reading code can send plain APDUs', async () => {
    const chipSide: string[] = [];
    const responses = ['990290008E08FA855A5D4C50A8ED9000', '8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000'];
    const raw: Transmit = async (apdu) => {
      chipSide.push(H(apdu));
      return h(responses.shift() as string);
    };
    const plain = bacSession().wrap(raw);
    expect(H(await plain(h('00A4020C02011E')))).toBe('9000');
    expect(H(await plain(h('00B0000004')))).toBe('60145F019000');
    expect(chipSide).toEqual(['0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800', '0CB000000D9701048E08ED6705417E96BA5500']);
  });
});

describe('AES secure messaging (IV = E(KSenc, SSC), AES-CMAC/8; ICAO 9303-11 §9.8.6.2)', () => {
  // tsenger/animamea, animamea test SecureMessagingTest.java: kenc_AES, kmac_AES, SSC ...04 for wrap, ...05 for unwrap.
  const KENC = h('68406b4162100563d9c901a6154d2901');
  const KMAC = h('73ff268784f72af833fdc9464049afc9');

  it('protects an MSE:Set AT command', () => {
    const sm = new SecureMessaging(new AesSmCipher(KENC, KMAC), h('00000000000000000000000000000004'));
    const wrapped = sm.protect(decodeCommandApdu(h('002281b60f830d44455445535444564445303139')));
    expect(H(wrapped)).toBe('0C2281B61D871101A7BB8F230FFF9221162AD673B9F319A88E08D8713E9B7A600B4900');
    expect(H(sm.ssc)).toBe('00000000000000000000000000000005');
  });

  it('checks a 9000 response', () => {
    const sm = new SecureMessaging(new AesSmCipher(KENC, KMAC), h('00000000000000000000000000000005'));
    expect(sm.unprotect(h('990290008e08c8488f79fef386c79000'))).toMatchObject({ sw: 0x9000, protected: true });
  });

  it('round-trips data between two ends sharing keys (chip side mirrored with the same cipher)', () => {
    const terminal = new SecureMessaging(new AesSmCipher(KENC, KMAC), Buffer.alloc(16));
    const cipher = new AesSmCipher(KENC, KMAC);
    terminal.protect({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 16 });
    // Chip: SSC is 2 for the response (1 for the command).
    const ssc = Buffer.alloc(16);
    ssc[15] = 2;
    const payload = Buffer.from('0123456789abcdef0123', 'latin1');
    const padded = pad(payload, 16);
    const do87 = Buffer.concat([h('8721 01'), cipher.encrypt(ssc, padded)]);
    const do99 = h('99029000');
    const macIn = pad(Buffer.concat([ssc, do87, do99]), 16);
    const response = Buffer.concat([do87, do99, h('8E08'), cipher.mac(macIn), h('9000')]);
    const r = terminal.unprotect(response);
    expect(r.data.toString('latin1')).toBe('0123456789abcdef0123');
  });
});

describe('send sequence counter', () => {
  it('increments big-endian with carry and wraps at the top', () => {
    const a = h('00000000000000FF');
    incrementCounter(a);
    expect(H(a)).toBe('0000000000000100');
    const b = h('FFFFFFFFFFFFFFFF');
    incrementCounter(b);
    expect(H(b)).toBe('0000000000000000');
  });
});
