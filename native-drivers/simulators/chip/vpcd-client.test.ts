/**
 * The virtual card against a stand-in for vpcd (a TCP server in this process that speaks vpcd's
 * side of the protocol), so awkward splits and dropped links can be produced on purpose. The real
 * vpcd inside pcscd is exercised by native-drivers/pcsc/pcsc.integration.test.ts.
 */
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { CardApplet } from './card-applet.js';
import { icaoContactlessAtr } from './contactless-atr.js';
import { VpcdClient } from './vpcd-client.js';
import { encodeVpcdFrame, VpcdFrameDecoder } from './vpcd-framing.js';

/** vpcd's side: accepts the card, sends it messages, collects its answers. */
class FakeVpcd {
  readonly server: Server;
  readonly connections: Socket[] = [];
  private readonly answers: Buffer[] = [];
  private waiters: Array<() => void> = [];

  private constructor(server: Server) {
    this.server = server;
    server.on('connection', (socket) => {
      this.connections.push(socket);
      const decoder = new VpcdFrameDecoder();
      socket.on('data', (chunk) => {
        this.answers.push(...decoder.push(chunk));
        for (const w of this.waiters.splice(0)) w();
      });
      socket.on('error', () => undefined);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async start(): Promise<FakeVpcd> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return new FakeVpcd(server);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  private until(ready: () => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 5000);
      const check = () => {
        if (!ready()) {
          this.waiters.push(check);
          return;
        }
        clearTimeout(timer);
        resolve();
      };
      check();
    });
  }

  async connection(n: number): Promise<Socket> {
    await this.until(() => this.connections.length >= n, `connection #${n}`);
    return this.connections[n - 1]!;
  }

  async nextAnswer(): Promise<Buffer> {
    await this.until(() => this.answers.length > 0, 'an answer from the card');
    return this.answers.shift()!;
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

class CountingApplet implements CardApplet {
  resets = 0;
  failNext = false;
  process(apdu: Buffer): Buffer {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('applet bug');
    }
    return Buffer.concat([apdu.subarray(0, 2), Buffer.from([0x90, 0x00])]);
  }
  reset(): void {
    this.resets++;
  }
}

const ATR = icaoContactlessAtr({ extendedLength: true });
let vpcd: FakeVpcd | undefined;
let card: VpcdClient | undefined;

afterEach(async () => {
  await card?.stop();
  await vpcd?.close();
  card = undefined;
  vpcd = undefined;
});

describe('VpcdClient', () => {
  it('answers the ATR request written one byte per TCP segment', async () => {
    vpcd = await FakeVpcd.start();
    card = new VpcdClient({ applet: new CountingApplet(), atr: ATR, port: vpcd.port });
    card.start();
    const link = await vpcd.connection(1);
    link.setNoDelay(true);
    // The kernel may still merge segments; the framing fuzz test covers every split deterministically.
    for (const b of encodeVpcdFrame(Buffer.from([4]))) await new Promise<void>((resolve) => link.write(Buffer.from([b]), () => resolve()));
    expect((await vpcd.nextAnswer()).equals(ATR)).toBe(true);
    expect(card.counters.atrRequests).toBe(1);
  });

  it('answers APDUs in order, several per TCP chunk, and resets the applet on power codes', async () => {
    vpcd = await FakeVpcd.start();
    const applet = new CountingApplet();
    card = new VpcdClient({ applet, atr: ATR, port: vpcd.port });
    card.start();
    const link = await vpcd.connection(1);
    await card.waitUntilConnected();
    const resetsAtConnect = applet.resets;
    link.write(Buffer.concat([encodeVpcdFrame(Buffer.from([1])), encodeVpcdFrame(Buffer.from('00A4040C', 'hex')), encodeVpcdFrame(Buffer.from([2])), encodeVpcdFrame(Buffer.from('80B00000', 'hex'))]));
    expect((await vpcd.nextAnswer()).toString('hex')).toBe('00a49000');
    expect((await vpcd.nextAnswer()).toString('hex')).toBe('80b09000');
    expect(applet.resets - resetsAtConnect).toBe(2);
    expect(card.counters).toMatchObject({ apdus: 2, powerOns: 1, resets: 1 });
  });

  it('answers 6F00 when the applet throws, and reports it', async () => {
    vpcd = await FakeVpcd.start();
    const applet = new CountingApplet();
    card = new VpcdClient({ applet, atr: ATR, port: vpcd.port });
    const errors: unknown[] = [];
    card.on('applet-error', (e) => errors.push(e));
    card.start();
    const link = await vpcd.connection(1);
    applet.failNext = true;
    link.write(encodeVpcdFrame(Buffer.from('00B00000', 'hex')));
    expect((await vpcd.nextAnswer()).toString('hex')).toBe('6f00');
    expect(errors).toHaveLength(1);
  });

  it('reconnects when vpcd drops the link, and stays away after stop()', async () => {
    vpcd = await FakeVpcd.start();
    card = new VpcdClient({ applet: new CountingApplet(), atr: ATR, port: vpcd.port, reconnectDelayMs: 10 });
    const disconnected = once(card, 'disconnected');
    card.start();
    (await vpcd.connection(1)).destroy();
    await disconnected;
    const second = await vpcd.connection(2);
    second.write(encodeVpcdFrame(Buffer.from([4])));
    expect((await vpcd.nextAnswer()).equals(ATR)).toBe(true);
    expect(card.counters.connects).toBe(2);
    const closed = once(second, 'close');
    await card.stop();
    await closed;
    expect(card.isConnected).toBe(false);
  });

  it('keeps trying until vpcd listens', async () => {
    const probe = await FakeVpcd.start();
    const port = probe.port;
    await probe.close();
    card = new VpcdClient({ applet: new CountingApplet(), atr: ATR, port, reconnectDelayMs: 10, maxReconnectDelayMs: 20 });
    card.start();
    const connected = card.waitUntilConnected(5000);
    const server = createServer();
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    await connected;
    expect(card.isConnected).toBe(true);
    await card.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
