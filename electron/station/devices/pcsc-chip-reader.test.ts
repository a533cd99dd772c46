/**
 * The booth's PC/SC chip reader when pcscd misbehaves, against a fake of the PC/SC binding: pcscd
 * not running at start, pcscd going away mid-shift and coming back, a document laid on and taken off
 * the reader, and no document at all. The device must say what is wrong in words and recover by
 * itself; `present` never throws. (The real pcscd path is test/integration/booth-pcsc-chip.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Device } from '../../contract/index.js';
import { PcscError, SCARD } from '../../../native-drivers/pcsc/pcsc-error.js';
import type { PcscTransport } from '../../../native-drivers/pcsc/pcsc-transport.js';
import { EMPTY, FakeReader, openWith, PRESENT, type FakeBinding } from '../../../native-drivers/pcsc/testing/fake-binding.js';
import { silentLogger } from '../log.js';
import { PcscChipReader } from './pcsc-chip-reader.js';

let device: PcscChipReader | null = null;
afterEach(async () => {
  await device?.close();
  device = null;
});

/** Resolves with the device snapshot once `predicate` holds (checked now and at every change). */
function until(d: PcscChipReader, predicate: (x: Device) => boolean): Promise<Device> {
  return new Promise((resolve) => {
    const check = () => {
      const now = d.describe();
      if (predicate(now)) resolve(now);
    };
    d.onChanged(check);
    check();
  });
}

const noService = () => new PcscError('NO_SERVICE', 'the PC/SC service (pcscd) is not reachable at /run/pcscd/pcscd.comm: start pcscd', { scardCode: SCARD.E_NO_SERVICE });

describe('PcscChipReader', () => {
  it('says pcscd is not running, then becomes ready by itself when it starts', async () => {
    const reader = new FakeReader('ACS ACR1252 00 00');
    let attempts = 0;
    const opened: FakeBinding[] = [];
    device = new PcscChipReader(
      {
        id: 'chip-reader-1',
        retryMs: 10,
        openTransport: async (): Promise<PcscTransport> => {
          attempts++;
          if (attempts < 3) throw noService();
          const { transport, binding } = await openWith(reader);
          opened.push(binding);
          return transport;
        },
      },
      silentLogger,
    );
    await device.start();
    expect(device.describe()).toMatchObject({ kind: 'chip-reader', simulated: false, status: 'error', detail: expect.stringContaining('start pcscd') });
    const ready = await until(device, (d) => d.status === 'ready');
    expect(attempts).toBe(3);
    expect(ready).toMatchObject({ port: 'ACS ACR1252 00 00', detail: 'ACS ACR1252 00 00: waiting for a document' });
  });

  it('follows the card, and recovers when pcscd goes away mid-shift', async () => {
    const first = new FakeReader('Reader A 00 00');
    const second = new FakeReader('Reader A 00 00');
    const bindings: FakeBinding[] = [];
    const readers = [first, second];
    device = new PcscChipReader(
      {
        id: 'chip-reader-1',
        retryMs: 10,
        openTransport: async () => {
          const r = readers[bindings.length];
          if (!r) throw noService();
          const { transport, binding } = await openWith(r);
          bindings.push(binding);
          return transport;
        },
      },
      silentLogger,
    );
    await device.start();
    await until(device, (d) => d.status === 'ready');

    first.status(PRESENT, Buffer.from('3b8880010000000000000000', 'hex'));
    const on = await until(device, (d) => d.detail.startsWith('a document is on'));
    expect(on.lastEventAt).not.toBeNull();
    first.status(EMPTY);
    await until(device, (d) => d.detail.endsWith('waiting for a document'));

    // pcscd stops: the context reports an error, the device says so, then reconnects.
    bindings[0]!.emit('error', new Error('SCardGetStatusChange error: Service was stopped.(0x8010001e)'));
    const lost = await until(device, (d) => d.status === 'error');
    expect(lost.detail).toMatch(/trying again/);
    const back = await until(device, (d) => d.status === 'ready');
    expect(back.detail).toBe('Reader A 00 00: waiting for a document');
    expect(bindings).toHaveLength(2);
  });

  it('answers with the reason when no document is laid on the reader, and never throws', async () => {
    const reader = new FakeReader('Reader B 00 00');
    device = new PcscChipReader({ id: 'chip-reader-1', cardWaitMs: 50, openTransport: async () => (await openWith(reader)).transport }, silentLogger);
    await device.start();
    await until(device, (d) => d.status === 'ready');
    expect(await device.present()).toEqual({ chip: null, reason: 'no document was laid on the chip reader within 0 s: lay it on the reader and the chip is read', awaitCard: true });
    expect(device.hasCard()).toBe(false);
  });

  it('without pcscd, present says the reader is not available', async () => {
    device = new PcscChipReader({ id: 'chip-reader-1', retryMs: 60_000, openTransport: () => Promise.reject(noService()) }, silentLogger);
    await device.start();
    const r = await device.present();
    expect(r.chip).toBeNull();
    expect(r).toMatchObject({ reason: expect.stringMatching(/^the chip reader is not available: .*pcscd/) });
  });

  it('a named reader that is not plugged in is absent, in words', async () => {
    device = new PcscChipReader({ id: 'chip-reader-1', reader: 'Omnikey', openTransport: async () => (await openWith(new FakeReader('Reader C 00 00'))).transport }, silentLogger);
    await device.start();
    const d = await until(device, (x) => x.status === 'absent');
    expect(d.detail).toBe('pcscd lists no reader named "Omnikey": plug it in');
  });
});
