/**
 * Property tests: whatever a card (or a fake one) sends back, the APDU layer fails only with its
 * own typed `ApduError`, and the codec round-trips every valid command.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appletTransmit } from '../simulators/chip/card-applet.js';
import { EF, PlainEPassportApplet } from '../simulators/chip/plain-epassport-applet.js';
import { ApduError, decodeCommandApdu, encodeCommandApdu, parseResponseApdu, type CommandApdu, type Transmit } from '../epassport/apdu.js';
import { sendCommand } from './apdu-channel.js';
import { BinaryFileReader } from './binary-file-reader.js';
import { capabilitiesFromEfAtrInfo, capabilitiesFromHistoricalBytes, parseAtr } from './card-capabilities.js';

const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((a) => Buffer.from(a));

function onlyApduErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApduError);
  }
}

const command: fc.Arbitrary<CommandApdu> = fc.record(
  {
    cla: fc.integer({ min: 0, max: 255 }),
    ins: fc.integer({ min: 0, max: 255 }),
    p1: fc.integer({ min: 0, max: 255 }),
    p2: fc.integer({ min: 0, max: 255 }),
    data: fc.oneof(bytes(300).filter((b) => b.length > 0), fc.integer({ min: 60000, max: 65535 }).map((n) => Buffer.alloc(n, n & 0xff))),
    le: fc.oneof(fc.integer({ min: 1, max: 256 }), fc.integer({ min: 257, max: 65536 })),
  },
  { requiredKeys: ['cla', 'ins', 'p1', 'p2'] },
);

describe('APDU codec properties', () => {
  it('parseResponseApdu takes any bytes: a response of n-2 data bytes, or MALFORMED_RESPONSE', () => {
    fc.assert(
      fc.property(bytes(600), (b) => {
        onlyApduErrors(() => {
          const r = parseResponseApdu(b);
          expect(r.data.length).toBe(b.length - 2);
          expect(r.sw).toBeLessThanOrEqual(0xffff);
        });
      }),
    );
  });

  it('decodeCommandApdu takes any bytes and re-encodes what it accepts to the same bytes', () => {
    fc.assert(
      fc.property(fc.oneof(bytes(12), bytes(600)), (b) => {
        onlyApduErrors(() => {
          const c = decodeCommandApdu(b);
          expect(encodeCommandApdu(c, { forceExtended: c.extended }).equals(b)).toBe(true);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('encode then decode gives back every valid command', () => {
    fc.assert(
      fc.property(command, (c) => {
        const d = decodeCommandApdu(encodeCommandApdu(c));
        expect([d.cla, d.ins, d.p1, d.p2, d.le]).toEqual([c.cla, c.ins, c.p1, c.p2, c.le]);
        expect((d.data ?? Buffer.alloc(0)).equals(c.data ?? Buffer.alloc(0))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('ATR and EF.ATR/INFO parsers accept any bytes without throwing', () => {
    fc.assert(
      fc.property(bytes(40), (b) => {
        parseAtr(b);
        capabilitiesFromHistoricalBytes(b);
        capabilitiesFromEfAtrInfo(b);
      }),
      { numRuns: 2000 },
    );
  });
});

/** A card that answers each APDU with the next of `answers` (then 6F00). */
function hostileCard(answers: Buffer[]): Transmit {
  let i = 0;
  return async () => answers[i++] ?? Buffer.from([0x6f, 0x00]);
}

const answer = fc.oneof(
  bytes(8),
  bytes(300),
  fc.tuple(bytes(64), fc.constantFrom(0x61, 0x6c, 0x62, 0x90, 0x6b, 0x67), fc.integer({ min: 0, max: 255 })).map(([d, sw1, sw2]) => Buffer.concat([d, Buffer.from([sw1, sw2])])),
);

describe('protocol layers against a hostile card', () => {
  it('sendCommand ends with a response or an ApduError, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(answer, { maxLength: 30 }), async (answers) => {
        try {
          const r = await sendCommand(hostileCard(answers), { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 256 }, { maxResponseBytes: 4096 });
          expect(r.sw >> 8).not.toBe(0x61);
        } catch (e) {
          expect(e).toBeInstanceOf(ApduError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('BinaryFileReader ends with bytes or an ApduError, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(answer, { maxLength: 40 }), fc.boolean(), async (answers, extended) => {
        const reader = new BinaryFileReader(hostileCard(answers), extended ? { extendedLe: 4096, shortLe: 256 } : { shortLe: 256 });
        try {
          const data = await reader.readFile({ fid: 0x0101, sfi: 1 }, { maxFileBytes: 20_000 });
          expect(data.length).toBeLessThanOrEqual(20_000);
        } catch (e) {
          expect(e).toBeInstanceOf(ApduError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the simulated chip answers any command with a response APDU and never throws', async () => {
    const applet = new PlainEPassportApplet({ applicationFiles: new Map([[EF.dg(1), Buffer.from('610300AABB', 'hex')]]) });
    const transmit = appletTransmit(applet);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(bytes(10), bytes(300)), { maxLength: 10 }), async (apdus) => {
        for (const apdu of apdus) {
          const r = await transmit(apdu);
          expect(r.length).toBeGreaterThanOrEqual(2);
          expect(r.length).toBeLessThanOrEqual(0xffff);
        }
      }),
      { numRuns: 500 },
    );
  });
});
