/**
 * 61xx / 6Cxx handling (ISO/IEC 7816-4 §5.3.4 table 5) and command chaining (§5.1.1.1) against a
 * scripted card: each test lists the exact APDUs the card must see.
 */
import { describe, expect, it } from 'vitest';
import { encodeCommandApdu, type Transmit } from '../epassport/apdu.js';
import { sendChained, sendCommand, withResponseHandling } from './apdu-channel.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** A card that expects `script[i].command` and answers `script[i].response`, and records what it saw. */
function scripted(script: Array<{ command: string; response: string }>): { transmit: Transmit; seen: string[] } {
  const seen: string[] = [];
  let i = 0;
  const transmit: Transmit = async (apdu) => {
    seen.push(apdu.toString('hex').toUpperCase());
    const step = script[i++];
    if (!step) throw new Error(`unexpected APDU ${apdu.toString('hex')}`);
    expect(apdu.toString('hex').toUpperCase()).toBe(step.command.replace(/\s+/g, ''));
    return hex(step.response);
  };
  return { transmit, seen };
}

describe('sendCommand', () => {
  it('fetches what 61xx announces with GET RESPONSE and concatenates it', async () => {
    const { transmit, seen } = scripted([
      { command: '00B0000000', response: 'AAAA 6104' },
      { command: '00C0000004', response: 'BBBBBBBB 6102' },
      { command: '00C0000002', response: 'CCCC 9000' },
    ]);
    const r = await sendCommand(transmit, { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 256 });
    expect(r.data.toString('hex')).toBe('aaaabbbbbbbbcccc');
    expect(r.sw).toBe(0x9000);
    expect(seen).toHaveLength(3);
  });

  it('reads 6100 as "256 or more" and keeps the logical channel in GET RESPONSE', async () => {
    const { transmit } = scripted([
      { command: '03CA010000', response: '6100' },
      { command: '03C0000000', response: `${'11'.repeat(256)} 9000` },
    ]);
    const r = await sendCommand(transmit, { cla: 0x03, ins: 0xca, p1: 0x01, p2: 0x00, le: 256 });
    expect(r.data.length).toBe(256);
  });

  it('re-issues the command once with the Le a 6Cxx names', async () => {
    const { transmit } = scripted([
      { command: '00B0000010', response: '6C08' },
      { command: '00B0000008', response: '0102030405060708 9000' },
    ]);
    const r = await sendCommand(transmit, { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 16 });
    expect(r.data.length).toBe(8);
  });

  it('returns a second 6Cxx as is instead of looping', async () => {
    const { transmit, seen } = scripted([
      { command: '00B0000010', response: '6C08' },
      { command: '00B0000008', response: '6C04' },
    ]);
    const r = await sendCommand(transmit, { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 16 });
    expect(r.sw).toBe(0x6c04);
    expect(seen).toHaveLength(2);
  });

  it('gives up with PROTOCOL when a card keeps answering 61xx', async () => {
    const transmit: Transmit = async () => hex(`${'00'.repeat(255)} 61FF`);
    await expect(sendCommand(transmit, { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 256 }, { maxResponseBytes: 4096 })).rejects.toMatchObject({ code: 'PROTOCOL' });
  });

  it('passes a status word that is neither 61xx nor 6Cxx straight through', async () => {
    const { transmit } = scripted([{ command: '00A4020C02011E', response: '6A82' }]);
    const r = await sendCommand(transmit, { cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: hex('011E') });
    expect(r.sw).toBe(0x6a82);
    expect(r.data.length).toBe(0);
  });

  it('lets transport errors through untouched', async () => {
    const boom = Object.assign(new Error('gone'), { code: 'REMOVED' });
    await expect(sendCommand(async () => Promise.reject(boom), { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 1 })).rejects.toBe(boom);
  });
});

describe('sendChained', () => {
  it('splits data into links with CLA bit 0x10 on all but the last, Le only on the last', async () => {
    const { transmit, seen } = scripted([
      { command: '102A00BE 03 010203', response: '9000' },
      { command: '102A00BE 03 040506', response: '9000' },
      { command: '002A00BE 01 07 00', response: 'ABCD 9000' },
    ]);
    const r = await sendChained(transmit, { cla: 0x00, ins: 0x2a, p1: 0x00, p2: 0xbe, data: hex('01020304050607'), le: 256 }, 3);
    expect(r.data.toString('hex')).toBe('abcd');
    expect(seen).toHaveLength(3);
  });

  it('stops at the first refused link and returns its status', async () => {
    const { transmit, seen } = scripted([{ command: '102A00BE 02 0102', response: '6884' }]);
    const r = await sendChained(transmit, { cla: 0x00, ins: 0x2a, p1: 0x00, p2: 0xbe, data: hex('010203') }, 2);
    expect(r.sw).toBe(0x6884);
    expect(seen).toHaveLength(1);
  });

  it('sends short data unchained and keeps secure messaging bits of CLA on every link', async () => {
    const { transmit } = scripted([
      { command: '1C2A00BE 02 0102', response: '9000' },
      { command: '0C2A00BE 01 03', response: '9000' },
    ]);
    await sendChained(transmit, { cla: 0x0c, ins: 0x2a, p1: 0x00, p2: 0xbe, data: hex('010203') }, 2);
    const single = scripted([{ command: '002A00BE 02 0102', response: '9000' }]);
    await sendChained(single.transmit, { cla: 0x00, ins: 0x2a, p1: 0x00, p2: 0xbe, data: hex('0102') }, 2);
    expect(single.seen).toHaveLength(1);
  });

  it('refuses proprietary classes and an already set chaining bit', async () => {
    const never: Transmit = async () => hex('9000');
    await expect(sendChained(never, { cla: 0x80, ins: 0x2a, p1: 0, p2: 0, data: Buffer.alloc(10) }, 4)).rejects.toMatchObject({ code: 'INVALID_COMMAND' });
    await expect(sendChained(never, { cla: 0x10, ins: 0x2a, p1: 0, p2: 0, data: Buffer.alloc(10) }, 4)).rejects.toMatchObject({ code: 'INVALID_COMMAND' });
  });
});

describe('withResponseHandling', () => {
  it('turns a raw Transmit into one that never shows 61xx, keeping extended encoding', async () => {
    const { transmit, seen } = scripted([
      { command: '00B00000 000400', response: '01 6101' },
      { command: '00C0000001', response: '02 9000' },
    ]);
    const wrapped = withResponseHandling(transmit);
    const r = await wrapped(encodeCommandApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 1024 }));
    expect(r.toString('hex')).toBe('01029000');
    expect(seen[0]).toBe('00B00000000400');
  });
});
