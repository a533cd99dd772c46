/**
 * The transport's own logic (waits, timeouts, error mapping, shutdown) against a fake binding that
 * behaves like @pokusew/pcsclite; the real binding and pcscd are covered by pcsc.integration.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { PcscError, SCARD, codeForScard, scardCodeOf } from './pcsc-error.js';
import { PcscTransport } from './pcsc-transport.js';
import { EMPTY, FakeReader, openWith, PRESENT } from './testing/fake-binding.js';

describe('PcscError mapping', () => {
  it('reads the PC/SC code the binding appends to its messages and maps it', () => {
    expect(scardCodeOf(new Error('SCardTransmit error: Card was removed.(0x80100069)'))).toBe(SCARD.W_REMOVED_CARD);
    expect(scardCodeOf(new Error('no code here'))).toBeUndefined();
    expect(codeForScard(SCARD.E_NO_SERVICE, 'TRANSMIT_FAILED')).toBe('NO_SERVICE');
    expect(codeForScard(SCARD.E_UNKNOWN_READER, 'TRANSMIT_FAILED')).toBe('NO_READER');
    expect(codeForScard(SCARD.E_NO_SMARTCARD, 'TRANSMIT_FAILED')).toBe('NO_CARD');
    expect(codeForScard(SCARD.W_RESET_CARD, 'TRANSMIT_FAILED')).toBe('REMOVED');
    expect(codeForScard(SCARD.E_TIMEOUT, 'TRANSMIT_FAILED')).toBe('TIMEOUT');
    expect(codeForScard(SCARD.E_NOT_TRANSACTED, 'TRANSMIT_FAILED')).toBe('TRANSMIT_FAILED');
  });
});

describe('PcscTransport', () => {
  it('says NO_SERVICE, without touching the binding, when pcscd is not listening', async () => {
    const saved = process.env.PCSCLITE_CSOCK_NAME;
    process.env.PCSCLITE_CSOCK_NAME = '/nonexistent/borderpost/pcscd.comm';
    try {
      await expect(PcscTransport.open({ openTimeoutMs: 500 })).rejects.toMatchObject({ code: 'NO_SERVICE', message: expect.stringContaining('/nonexistent/borderpost/pcscd.comm') });
    } finally {
      if (saved === undefined) delete process.env.PCSCLITE_CSOCK_NAME;
      else process.env.PCSCLITE_CSOCK_NAME = saved;
    }
  });

  it('knows an empty reader list from the first enumeration and times out waiting with NO_READER', async () => {
    const { transport } = await openWith();
    expect(transport.listReaders()).toEqual([]);
    await expect(transport.waitForReader({ timeoutMs: 50 })).rejects.toMatchObject({ code: 'NO_READER' });
    await transport.close();
  });

  it('finds readers by exact name, prefix or pattern', async () => {
    const { transport } = await openWith(new FakeReader('ACS ACR1252 1S CL Reader [ACR1252 PICC] 00 00'), new FakeReader('Virtual PCD 00 00'));
    expect((await transport.waitForReader({ name: 'Virtual PCD 00 00' })).name).toBe('Virtual PCD 00 00');
    expect((await transport.waitForReader({ name: 'ACS ACR1252' })).name).toMatch(/^ACS/);
    expect((await transport.waitForReader({ name: /PICC/ })).name).toMatch(/PICC/);
    expect((await transport.waitForReader()).name).toMatch(/^ACS/);
    await transport.close();
  });

  it('waits for a card (NO_CARD on timeout) and connects T=1, falling back to T=0|T=1 on protocol mismatch', async () => {
    const fake = new FakeReader('R 00 00');
    fake.rejectT1Only = true;
    const { transport } = await openWith(fake);
    const reader = await transport.waitForReader();
    await expect(reader.waitForCard({ timeoutMs: 50 })).rejects.toMatchObject({ code: 'NO_CARD' });
    const atr = Buffer.from('3B8180018080', 'hex');
    setImmediate(() => fake.status(PRESENT, atr));
    expect((await reader.waitForCard({ timeoutMs: 1000 })).equals(atr)).toBe(true);
    const card = await reader.connect();
    expect(fake.connectCalls).toEqual([2, 3]);
    expect(card.protocol).toBe('T1');
    expect((await card.transmit(Buffer.from('00A4040C', 'hex'))).toString('hex')).toBe('9000');
    expect(card.counters.apdus).toBe(1);
    await transport.close();
    expect(fake.closed).toBe(true);
  });

  it('maps transmit failures: REMOVED when the card leaves, TRANSMIT_FAILED when it stays, TIMEOUT when nothing answers', async () => {
    const fake = new FakeReader('R 00 00');
    const { transport } = await openWith(fake);
    const reader = await transport.waitForReader();
    // After the reader's first report (empty), queued when it was listed.
    setImmediate(() => fake.status(PRESENT, Buffer.from('3B00', 'hex')));
    const card = await reader.connect();

    fake.onTransmit = (_d, cb) => cb(new Error('SCardTransmit error: Transaction failed.(0x80100016)'), Buffer.alloc(0));
    await expect(card.transmit(Buffer.from('00B00000', 'hex'))).rejects.toMatchObject({ code: 'TRANSMIT_FAILED', scardCode: SCARD.E_NOT_TRANSACTED });

    fake.onTransmit = () => undefined; // the native call never returns
    await expect(card.transmitWithin(Buffer.from('00B00000', 'hex'), 30)).rejects.toMatchObject({ code: 'TIMEOUT' });

    fake.onTransmit = (_d, cb) => {
      cb(null, Buffer.alloc(0)); // vpcd answers a vanished card with zero bytes
      setImmediate(() => fake.status(EMPTY));
    };
    await expect(card.transmit(Buffer.from('00B00000', 'hex'))).rejects.toMatchObject({ code: 'REMOVED' });
    // Once the reader has said so, the connection refuses at once.
    await expect(card.transmit(Buffer.from('00B00000', 'hex'))).rejects.toMatchObject({ code: 'REMOVED' });
    await card.disconnect();
    await expect(card.transmit(Buffer.from('00B00000', 'hex'))).rejects.toMatchObject({ code: 'NO_CARD' });
    await transport.close();
  });

  it('turns a binding error into NO_SERVICE for every wait, and a closed transport into NO_SERVICE too', async () => {
    const fake = new FakeReader('R 00 00');
    const { transport, binding } = await openWith(fake);
    const reader = await transport.waitForReader();
    const events: string[] = [];
    transport.subscribe((e) => events.push(e.type));
    const waiting = reader.waitForCard({ timeoutMs: 5000 });
    binding.emit('error', new Error('SCardGetStatusChange error: Service not available.(0x8010001d)'));
    await expect(waiting).rejects.toMatchObject({ code: 'NO_SERVICE', scardCode: SCARD.E_NO_SERVICE });
    expect(events).toContain('service-lost');
    await transport.close();
    expect(binding.closed).toBe(true);
    expect(() => transport.listReaders()).toThrowError(PcscError);
    await expect(transport.waitForReader({ timeoutMs: 10 })).rejects.toMatchObject({ code: 'NO_SERVICE' });
  });

  it('reports a reader unplugged while waiting as NO_READER', async () => {
    const fake = new FakeReader('R 00 00');
    const { transport } = await openWith(fake);
    const reader = await transport.waitForReader();
    const waiting = reader.waitForCard({ timeoutMs: 5000 });
    fake.emit('end');
    await expect(waiting).rejects.toMatchObject({ code: 'NO_READER' });
    expect(transport.listReaders()).toEqual([]);
    await transport.close();
  });
});
