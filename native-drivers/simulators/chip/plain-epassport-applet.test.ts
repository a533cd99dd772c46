/**
 * The simulated eMRTD chip, command by command: the status words a reader depends on, the file
 * layout of ICAO 9303-10, and the hooks BAC/PACE will use (access conditions, a secure channel).
 */
import { describe, expect, it } from 'vitest';
import { decodeCommandApdu, encodeResponseApdu, type CommandApdu, type DecodedCommandApdu, type ResponseApdu } from '../../epassport/apdu.js';
import { capabilitiesFromEfAtrInfo } from '../../pcsc/card-capabilities.js';
import { EF, EMRTD_AID, PlainEPassportApplet, type AppletExtension, type FileSpec, type SecureChannel } from './plain-epassport-applet.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function pattern(length: number, seed: number): Buffer {
  const b = Buffer.alloc(length);
  for (let i = 0; i < length; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

const DG1 = Buffer.concat([hex('615B5F1F58'), Buffer.from('P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10')]);
const BIG = pattern(40_000, 5);

function applet(options: Partial<ConstructorParameters<typeof PlainEPassportApplet>[0]> = {}): PlainEPassportApplet {
  return new PlainEPassportApplet({
    applicationFiles: new Map<number, FileSpec>([
      [EF.COM, hex('60055F0104303130')],
      [EF.dg(1), DG1],
      [EF.dg(2), BIG],
      [EF.dg(3), { data: hex('6303010203'), access: 'terminal-auth-dg3' }],
    ]),
    masterFiles: new Map([[EF.CARD_ACCESS, hex('3100')]]),
    ...options,
  });
}

async function send(a: PlainEPassportApplet, apdu: string | Buffer): Promise<{ data: Buffer; sw: string }> {
  const r = await a.process(typeof apdu === 'string' ? hex(apdu) : apdu);
  return { data: r.subarray(0, r.length - 2), sw: r.subarray(r.length - 2).toString('hex').toUpperCase() };
}

describe('SELECT', () => {
  it('selects the eMRTD application by AID, and only that AID', async () => {
    const a = applet();
    expect((await send(a, '00A4040C07A0000002471001')).sw).toBe('9000');
    expect((await send(a, '00A4040C07A0000002471002')).sw).toBe('6A82');
    const fci = await send(a, '00A4040007A000000247100100');
    expect(fci.sw).toBe('9000');
    expect(fci.data.toString('hex').toUpperCase()).toBe('6F0984' + '07' + EMRTD_AID.toString('hex').toUpperCase());
  });

  it('finds application EFs only once the application is selected (6A82 before)', async () => {
    const a = applet();
    expect((await send(a, '00A4020C02011E')).sw).toBe('6A82');
    await send(a, '00A4040C07A0000002471001');
    expect((await send(a, '00A4020C02011E')).sw).toBe('9000');
    expect((await send(a, '00A4020C020199')).sw).toBe('6A82');
  });

  it('keeps EF.CardAccess under the MF and returns there on SELECT MF', async () => {
    const a = applet();
    expect((await send(a, '00A4020C02011C')).sw).toBe('9000');
    await send(a, '00A4040C07A0000002471001');
    expect((await send(a, '00A4020C02011C')).sw).toBe('6A82');
    expect((await send(a, '00A4000C023F00')).sw).toBe('9000');
    expect((await send(a, '00A4020C02011C')).sw).toBe('9000');
  });

  it('answers an FCP with the file size when asked (P2 = 04)', async () => {
    const a = applet();
    await send(a, '00A4040C07A0000002471001');
    const r = await send(a, '00A4020402010100');
    expect(r.sw).toBe('9000');
    expect(r.data.toString('hex').toUpperCase()).toBe(`620B8002${DG1.length.toString(16).padStart(4, '0').toUpperCase()}820101830201 01`.replace(' ', ''));
  });

  it('refuses a wrong FID length (6700) and unknown P1 (6A86)', async () => {
    const a = applet();
    expect((await send(a, '00A4020C0101')).sw).toBe('6700');
    expect((await send(a, '00A4080C02011E')).sw).toBe('6A86');
  });
});

describe('READ BINARY', () => {
  it('reads by offset after SELECT, and by short EF identifier without it', async () => {
    const a = applet();
    await send(a, '00A4040C07A0000002471001');
    await send(a, '00A4020C020101');
    expect((await send(a, '00B0000005')).data.toString('hex')).toBe(DG1.subarray(0, 5).toString('hex'));
    expect((await send(a, '00B0001003')).data.toString('hex')).toBe(DG1.subarray(16, 19).toString('hex'));
    const bySfi = await send(a, '00B0820004');
    expect(bySfi.sw).toBe('9000');
    expect(bySfi.data.toString('hex')).toBe(BIG.subarray(0, 4).toString('hex'));
    // The SFI read made DG2 the current EF.
    expect((await send(a, '00B0000102')).data.toString('hex')).toBe(BIG.subarray(1, 3).toString('hex'));
  });

  it('answers 6986 when no EF is current and 6A82 for an unknown short EF identifier', async () => {
    const a = applet();
    await send(a, '00A4040C07A0000002471001');
    expect((await send(a, '00B0000004')).sw).toBe('6986');
    expect((await send(a, '00B0850004')).sw).toBe('6A82');
  });

  it('answers 6B00 past the end, 6282 when Ne runs past it, 9000 for Le = 00', async () => {
    const a = applet();
    await send(a, '00A4040C07A0000002471001');
    await send(a, '00A4020C020101');
    const end = DG1.length;
    const offset = (n: number) => n.toString(16).padStart(4, '0');
    expect((await send(a, `00B0${offset(end + 1)}01`)).sw).toBe('6B00');
    const tail = await send(a, `00B0${offset(end - 2)}10`);
    expect(tail.sw).toBe('6282');
    expect(tail.data.length).toBe(2);
    const all = await send(a, '00B0000000');
    expect(all.sw).toBe('9000');
    expect(all.data.equals(DG1)).toBe(true);
  });

  it('answers 6700 without Le or with a data field', async () => {
    const a = applet();
    await send(a, '00A4040C07A0000002471001');
    expect((await send(a, '00B08100')).sw).toBe('6700');
    expect((await send(a, '00B081000101')).sw).toBe('6700');
  });

  it('answers an extended Le with as much as maxResponseApdu allows', async () => {
    const a = applet({ maxResponseApdu: 1000 });
    await send(a, '00A4040C07A0000002471001');
    const r = await send(a, '00B08200000000');
    expect(r.sw).toBe('9000');
    expect(r.data.length).toBe(998);
    expect(a.stats.extendedCommands).toBe(1);
  });

  it('refuses extended length with 6700 when built without it', async () => {
    const a = applet({ extendedLength: false });
    await send(a, '00A4040C07A0000002471001');
    expect((await send(a, '00B08200000400')).sw).toBe('6700');
    expect((await send(a, '00B0820000')).data.length).toBe(256);
  });

  it('reads past 32767 with odd INS B1 and DO 54, answering inside DO 53', async () => {
    const a = applet();
    await send(a, '00A4040C07A0000002471001');
    const r = await send(a, '00B10002 05 5403009000 FF'.replace(/ /g, ''));
    expect(r.sw).toBe('9000');
    expect(r.data[0]).toBe(0x53);
    // 255 bytes of room hold a DO 53 header of 3 bytes and 252 bytes.
    expect(r.data.subarray(3).equals(BIG.subarray(0x9000, 0x9000 + 252))).toBe(true);
    expect((await send(a, '00B1000003550100FF')).sw).toBe('6A80');
    expect((await send(a, '00B100000454020000')).sw).toBe('6700');
  });

  it('says 6982 for a file whose access condition is not met, and reads it once granted', async () => {
    let granted = false;
    const grantOnDemand: AppletExtension = {
      handle(command, context) {
        if (command.ins !== 0xee) return undefined;
        context.grant('terminal-auth-dg3');
        granted = true;
        return { data: Buffer.alloc(0), sw: 0x9000 };
      },
    };
    const a = applet({ extensions: [grantOnDemand] });
    await send(a, '00A4040C07A0000002471001');
    expect((await send(a, '00B0830000')).sw).toBe('6982');
    expect((await send(a, '00EE0000')).sw).toBe('9000');
    expect(granted).toBe(true);
    expect((await send(a, '00B0830000')).data.toString('hex')).toBe('6303010203');
    a.reset();
    await send(a, '00A4040C07A0000002471001');
    expect((await send(a, '00B0830000')).sw).toBe('6982');
  });

  it('answers 6D00 to unknown instructions and 6E00 to proprietary classes', async () => {
    const a = applet();
    expect((await send(a, '0084000008')).sw).toBe('6D00');
    expect((await send(a, '80B0000001')).sw).toBe('6E00');
    expect((await send(a, '00B0')).sw).toBe('6700');
  });
});

describe('EF.ATR/INFO', () => {
  it('announces extended length and the response limit when extended length is on', async () => {
    const a = applet({ maxResponseApdu: 4096 });
    const r = await send(a, '00B0810000');
    expect(r.sw).toBe('9000');
    expect(capabilitiesFromEfAtrInfo(r.data)).toEqual({ commandChaining: false, extendedLength: true, extendedLengthInfoInEfAtr: true, maxCommandApdu: 0xffff, maxResponseApdu: 4096 });
    expect((await send(applet({ extendedLength: false }), '00B0810000')).sw).toBe('6A82');
  });
});

describe('secure channel hook', () => {
  /** A toy "secure messaging": the protected command carries the plain APDU XOR 0x55 in its data. */
  function xorChannel(): SecureChannel & { wrapped: number } {
    return {
      wrapped: 0,
      unwrapCommand(command: DecodedCommandApdu): CommandApdu | { sw: number } {
        const body = Buffer.from((command.data ?? Buffer.alloc(0)).map((b) => b ^ 0x55));
        if (body.length < 4) return { sw: 0x6988 };
        return decodeCommandApdu(body);
      },
      wrapResponse(response: ResponseApdu): Buffer {
        this.wrapped++;
        return Buffer.concat([Buffer.from(encodeResponseApdu(response).map((b) => b ^ 0x55)), hex('9000')]);
      },
    };
  }
  const protect = (plain: string) => {
    const body = Buffer.from(hex(plain).map((b) => b ^ 0x55));
    return Buffer.concat([hex('0C'), hex(plain).subarray(1, 4), Buffer.from([body.length]), body, hex('00')]);
  };
  const unprotect = (r: { data: Buffer }) => Buffer.from(r.data.map((b) => b ^ 0x55));

  it('unwraps protected commands, wraps their answers, and grants the rights it was opened with', async () => {
    const channel = xorChannel();
    const authenticate: AppletExtension = {
      handle(command, context) {
        if (command.ins !== 0x82) return undefined;
        context.openSecureChannel(channel, ['secure-messaging']);
        return { data: Buffer.alloc(0), sw: 0x9000 };
      },
    };
    const a = new PlainEPassportApplet({ applicationFiles: new Map([[EF.dg(1), { data: DG1, access: 'secure-messaging' }]]), extensions: [authenticate] });
    expect((await send(a, '00A4040C07A0000002471001')).sw).toBe('9000');
    expect((await send(a, '00B0810000')).sw).toBe('6982');
    expect((await send(a, '0082000000')).sw).toBe('9000');
    const read = await send(a, protect('00B0810000'));
    const inner = unprotect(read);
    expect(inner.subarray(-2).toString('hex')).toBe('9000');
    expect(inner.subarray(0, -2).equals(DG1)).toBe(true);
    expect(channel.wrapped).toBe(1);
  });

  it('ends the session on a plain command or a failed unwrap, as ICAO 9303-11 requires', async () => {
    const authenticate: AppletExtension = {
      handle(command, context) {
        if (command.ins !== 0x82) return undefined;
        context.openSecureChannel(xorChannel(), ['secure-messaging']);
        return { data: Buffer.alloc(0), sw: 0x9000 };
      },
    };
    const a = new PlainEPassportApplet({ applicationFiles: new Map([[EF.dg(1), { data: DG1, access: 'secure-messaging' }]]), extensions: [authenticate] });
    await send(a, '00A4040C07A0000002471001');
    await send(a, '0082000000');
    expect((await send(a, '00B0810001')).sw).toBe('6982');
    expect((await send(a, protect('00B0810001'))).sw).toBe('6882');

    await send(a, '0082000000');
    expect((await send(a, hex('0CB0810003AABBCC00'))).sw).toBe('6988');
    expect((await send(a, protect('00B0810001'))).sw).toBe('6882');
  });
});
