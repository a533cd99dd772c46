/**
 * The chip path over the real PC/SC stack: a private pcscd (test/helpers/pcscd.ts) with the
 * vsmartcard vpcd driver, the @pokusew/pcsclite binding, and the TypeScript ePassport chip on
 * vpcd's socket. Nothing here is faked below the applet: every APDU crosses pcscd.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPcscd, type PcscdHandle } from '../../test/helpers/pcscd.js';
import { icaoContactlessAtr } from '../simulators/chip/contactless-atr.js';
import { EF, EMRTD_AID, PlainEPassportApplet, type AppletExtension } from '../simulators/chip/plain-epassport-applet.js';
import { VpcdClient } from '../simulators/chip/vpcd-client.js';
import { encodeCommandApdu, selectByAid, type Transmit } from '../epassport/apdu.js';
import { encodeTlv } from '../epassport/tlv.js';
import { BinaryFileReader, type FallbackEvent } from './binary-file-reader.js';
import { detectCardCapabilities, readLimitsFor } from './card-capabilities.js';
import { PcscError } from './pcsc-error.js';
import { PcscTransport, type PcscCard } from './pcsc-transport.js';

const MRZ = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10';
const DG1 = encodeTlv(0x61, encodeTlv(0x5f1f, Buffer.from(MRZ, 'ascii')));
/** A fake DG2 of exactly 20 KB: tag 75, a 3-byte length, 20476 bytes of pattern. */
const DG2 = encodeTlv(0x75, Buffer.from(Array.from({ length: 20 * 1024 - 4 }, (_, i) => (i * 131 + (i >> 9)) & 0xff)));
const SELECT_EMRTD = encodeCommandApdu(selectByAid(EMRTD_AID));

let daemon: PcscdHandle | undefined;
let transport: PcscTransport | undefined;
const cards: VpcdClient[] = [];
/** The card currently on each vpcd slot. */
const onSlot = new Map<number, VpcdClient>();

/** A released promise the hanging extension waits on. */
let releaseHang: (() => void) | undefined;
const hangOnEE: AppletExtension = {
  handle(command) {
    if (command.ins !== 0xee) return undefined;
    return new Promise((resolve) => {
      releaseHang = () => resolve({ data: Buffer.alloc(0), sw: 0x9000 });
    });
  },
};

function insertCard(slot: number, options: { extendedLength: boolean }): { client: VpcdClient; applet: PlainEPassportApplet } {
  const applet = new PlainEPassportApplet({
    applicationFiles: new Map([
      [EF.COM, encodeTlv(0x60, Buffer.concat([encodeTlv(0x5f01, Buffer.from('0107')), encodeTlv(0x5c, Buffer.from([0x61, 0x75]))]))],
      [EF.dg(1), DG1],
      [EF.dg(2), DG2],
    ]),
    extendedLength: options.extendedLength,
    extensions: [hangOnEE],
  });
  const client = new VpcdClient({ applet, atr: icaoContactlessAtr(options), port: daemon!.slots[slot]!.vpcdPort });
  client.start();
  cards.push(client);
  onSlot.set(slot, client);
  return { client, applet };
}

/** Counts the APDUs that cross pcscd. */
function counting(card: PcscCard): { transmit: Transmit; count: () => number } {
  let n = 0;
  return {
    transmit: (apdu) => {
      n++;
      return card.transmit(apdu);
    },
    count: () => n,
  };
}

async function rejection(promise: Promise<unknown>): Promise<PcscError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(PcscError);
    return e as PcscError;
  }
  throw new Error('expected a PcscError, got a result');
}

beforeAll(async () => {
  daemon = await startPcscd();
  transport = await PcscTransport.open();
}, 60_000);

afterAll(async () => {
  releaseHang?.();
  for (const c of cards) await c.stop();
  await transport?.close();
  await daemon?.stop();
});

describe('PC/SC transport over pcscd + vpcd', () => {
  it('lists both vpcd slots and reports no card before one is placed', async () => {
    const names = transport!.listReaders();
    expect(names).toEqual(expect.arrayContaining(daemon!.slots.map((s) => s.readerName)));
    const reader = await transport!.waitForReader({ name: daemon!.readerName });
    const error = await rejection(reader.waitForCard({ timeoutMs: 300 }));
    expect(error.code).toBe('NO_CARD');
  });

  it('sees the card, connects T=1, and reads DG1 and a 20 KB DG2 with extended-length reads', async () => {
    const { applet } = insertCard(0, { extendedLength: true });
    const reader = await transport!.waitForReader({ name: daemon!.readerName });
    const atr = await reader.waitForCard({ timeoutMs: 10_000 });
    expect(atr.equals(icaoContactlessAtr({ extendedLength: true }))).toBe(true);
    const card = await reader.connect();
    expect(card.protocol).toBe('T1');

    const wire = counting(card);
    const caps = await detectCardCapabilities(wire.transmit, atr);
    expect(caps).toMatchObject({ extendedLength: true, maxResponseApdu: 0xffff });
    const limits = readLimitsFor(caps, { secureMessaging: false });
    expect(limits).toEqual({ extendedLe: 0xfffd, shortLe: 256 });

    const files = new BinaryFileReader(wire.transmit, limits);
    await files.selectApplication(EMRTD_AID);
    const beforeDg1 = wire.count();
    expect((await files.readFile({ fid: EF.dg(1), sfi: 1 })).equals(DG1)).toBe(true);
    expect(wire.count() - beforeDg1).toBe(1);

    const beforeDg2 = wire.count();
    const started = performance.now();
    const dg2 = await files.readFile({ fid: EF.dg(2), sfi: 2 });
    const elapsed = performance.now() - started;
    expect(dg2.length).toBe(20 * 1024);
    expect(dg2.equals(DG2)).toBe(true);
    expect(wire.count() - beforeDg2).toBe(1);
    expect(applet.stats.extendedCommands).toBeGreaterThanOrEqual(1);
    console.info(`[pcsc] DG2 20 KB over pcscd, extended length: ${wire.count() - beforeDg2} APDU in ${elapsed.toFixed(1)} ms; session total ${wire.count()} APDUs`);
    await card.disconnect();
  });

  it('falls back to short reads with a chip that refuses extended length (second vpcd slot)', async () => {
    insertCard(1, { extendedLength: false });
    const reader = await transport!.waitForReader({ name: daemon!.slots[1]!.readerName });
    const atr = await reader.waitForCard({ timeoutMs: 10_000 });
    const card = await reader.connect();
    const wire = counting(card);
    const caps = await detectCardCapabilities(wire.transmit, atr);
    expect(caps.extendedLength).toBe(false);

    // Ask for extended reads anyway, as a reader configured for a newer chip would.
    const fallbacks: FallbackEvent[] = [];
    const files = new BinaryFileReader(wire.transmit, { extendedLe: 0xfffd, shortLe: 256 }, { onFallback: (e) => fallbacks.push(e) });
    await files.selectApplication(EMRTD_AID);
    const before = wire.count();
    const started = performance.now();
    expect((await files.readFile({ fid: EF.dg(2), sfi: 2 })).equals(DG2)).toBe(true);
    const elapsed = performance.now() - started;
    const apdus = wire.count() - before;
    expect(fallbacks).toHaveLength(1);
    expect(apdus).toBe(1 + Math.ceil(DG2.length / 256));
    console.info(`[pcsc] DG2 20 KB over pcscd, short reads after one refused extended read: ${apdus} APDUs in ${elapsed.toFixed(1)} ms`);
    await card.disconnect();
  });

  it('lets a Node process that used the binding exit on its own after close()', async () => {
    // A child process: open, connect to the card in slot 0, SELECT, close; it must then exit by itself.
    const transportUrl = new URL('./pcsc-transport.ts', import.meta.url).href;
    const script = `
      const { PcscTransport } = await import(${JSON.stringify(transportUrl)});
      const t = await PcscTransport.open();
      const reader = await t.waitForReader({ name: ${JSON.stringify(daemon!.readerName)} });
      const card = await reader.connect({ timeoutMs: 10000 });
      const r = await card.transmit(Buffer.from(${JSON.stringify(SELECT_EMRTD.toString('hex'))}, 'hex'));
      console.log('SW', r.subarray(-2).toString('hex'));
      await t.close();
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | string>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve('still running 15 s after close(): a native handle keeps the event loop alive');
      }, 15_000);
      child.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c ?? -1);
      });
    });
    expect(code, output).toBe(0);
    expect(output).toContain('SW 9000');
  }, 30_000);

  it('answers a card taken off the reader with REMOVED, not a crash, and works with the next card', async () => {
    const reader = await transport!.waitForReader({ name: daemon!.readerName });
    await reader.waitForCard({ timeoutMs: 10_000 });
    const card = await reader.connect();
    expect((await card.transmit(SELECT_EMRTD)).toString('hex')).toBe('9000');

    await onSlot.get(0)!.stop();
    // Straight away, before pcscd's presence poll has noticed.
    expect((await rejection(card.transmit(SELECT_EMRTD))).code).toBe('REMOVED');
    await reader.waitForCardRemoved({ timeoutMs: 5000 });
    expect((await rejection(card.transmit(SELECT_EMRTD))).code).toBe('REMOVED');
    expect((await rejection(reader.waitForCard({ timeoutMs: 300 }))).code).toBe('NO_CARD');

    // The next card gets a fresh connection; the stale one is released, not handed back.
    insertCard(0, { extendedLength: true });
    await reader.waitForCard({ timeoutMs: 10_000 });
    const next = await reader.connect();
    expect(next).not.toBe(card);
    expect(card.isClosed).toBe(true);
    expect((await next.transmit(SELECT_EMRTD)).toString('hex')).toBe('9000');
    await next.disconnect();
  });

  it('times out on a chip that does not answer, then carries on once it does', async () => {
    const reader = await transport!.waitForReader({ name: daemon!.readerName });
    const card = await reader.connect({ timeoutMs: 10_000 });
    const hung = card.transmitWithin(Buffer.from('00EE0000', 'hex'), 500);
    expect((await rejection(hung)).code).toBe('TIMEOUT');
    expect(releaseHang).toBeDefined();
    releaseHang!();
    expect((await card.transmit(SELECT_EMRTD)).toString('hex')).toBe('9000');
    await card.disconnect();
  });

  it('reports NO_SERVICE to waiting callers when pcscd goes away', async (context) => {
    if (daemon!.mode === 'system') context.skip('the system pcscd is shared: this test stops only a private daemon');
    const reader = await transport!.waitForReader({ name: daemon!.slots[1]!.readerName });
    await onSlot.get(1)!.stop();
    await reader.waitForCardRemoved({ timeoutMs: 5000 });
    const waiting = rejection(reader.waitForCard({ timeoutMs: 10_000 }));
    // The reader's watcher and the context's watcher notice separately; wait for the context's.
    const serviceLost = new Promise<void>((resolve) => {
      const off = transport!.subscribe((event) => {
        if (event.type === 'service-lost') {
          off();
          resolve();
        }
      });
    });
    await daemon!.stop();
    expect((await waiting).code).toBe('NO_SERVICE');
    await serviceLost;
    expect(() => transport!.listReaders()).toThrowError(expect.objectContaining({ code: 'NO_SERVICE' }));
  });
});
