/**
 * A fake of the @pokusew/pcsclite binding (context, readers, card status, transmit) for the tests of
 * the PC/SC transport and of the booth's chip reader device. The real binding and pcscd are covered
 * by the integration tests.
 */
import { EventEmitter } from 'node:events';
import { PcscTransport, type PcscBinding, type PcscBindingReader } from '../pcsc-transport.js';

export const PRESENT = 0x20 | 0x02;
export const EMPTY = 0x10 | 0x02;

export class FakeReader extends EventEmitter implements PcscBindingReader {
  closed = false;
  connectCalls: number[] = [];
  onTransmit: (data: Buffer, cb: (error: unknown, response: Buffer) => void) => void = (_d, cb) => cb(null, Buffer.from([0x90, 0x00]));
  rejectT1Only = false;
  constructor(readonly name: string) {
    super();
  }
  status(state: number, atr?: Buffer): void {
    this.emit('status', { state, ...(atr ? { atr } : {}) });
  }
  connect(options: { share_mode: number; protocol: number }, callback: (error: unknown, protocol: number) => void): void {
    this.connectCalls.push(options.protocol);
    if (this.rejectT1Only && options.protocol === 2) {
      setImmediate(() => callback(new Error('SCardConnect error: Card protocol mismatch.(0x8010000f)'), 0));
      return;
    }
    setImmediate(() => callback(null, options.protocol & 2 ? 2 : 1));
  }
  disconnect(_d: number, callback: (error: unknown) => void): void {
    setImmediate(() => callback(null));
  }
  transmit(data: Buffer, _len: number, _protocol: number, callback: (error: unknown, response: Buffer) => void): void {
    this.onTransmit(data, callback);
  }
  close(): void {
    this.closed = true;
  }
}

export class FakeBinding extends EventEmitter implements PcscBinding {
  closed = false;
  private startCallback: ((error: unknown, readers?: Buffer) => void) | undefined;
  start = (callback: (error: unknown, readers?: Buffer) => void): void => {
    this.startCallback = callback;
  };
  constructor() {
    super();
    // Like the binding: enumeration starts on the next tick.
    process.nextTick(() => this.start(() => undefined));
  }
  list(...readers: FakeReader[]): void {
    const names = readers.map((r) => `${r.name}\0`).join('') + '\0';
    this.startCallback?.(undefined, Buffer.from(names));
    for (const r of readers) {
      this.emit('reader', r);
      setImmediate(() => r.status(EMPTY));
    }
  }
  close(): void {
    this.closed = true;
  }
}

/**
 * Opens a transport over a fake binding that lists `readers` once asked. The binding is made inside
 * a microtask, as the real one is (after `await import(...)`): its next-tick enumeration then comes
 * after the transport has attached, whatever kind of callback (a timer, I/O) opened it.
 */
export async function openWith(...readers: FakeReader[]): Promise<{ transport: PcscTransport; binding: FakeBinding }> {
  let binding: FakeBinding | undefined;
  const opening = PcscTransport.open({
    binding: async () => {
      await null;
      binding = new FakeBinding();
      return binding;
    },
    removalGraceMs: 200,
    transmitTimeoutMs: 200,
  });
  await new Promise((resolve) => setImmediate(resolve));
  if (!binding) throw new Error('the fake binding was not created');
  binding.list(...readers);
  return { transport: await opening, binding };
}
