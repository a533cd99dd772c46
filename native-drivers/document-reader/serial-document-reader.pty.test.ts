/**
 * The reader against a real pseudo-terminal pair (socat): the RTE simulator writes on one end, the
 * reader listens on the other, through the kernel's tty layer.
 */
import { once } from 'node:events';
import { mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPtyPair, type PtyPair } from '../serial/pty-pair.js';
import { closeSerialPort, openSerialPort, writeAndDrain } from '../serial/serial-port-promises.js';
import { RteDocumentReaderSimulator } from '../simulators/rte-document-reader-simulator.js';
import { encodeDeskoFrame } from './desko-frame.js';
import { encodeRteFrame } from './rte-frame.js';
import { SerialDocumentReader, type ReaderStatus, type SerialDocumentReaderOptions, type StatusEvent } from './serial-document-reader.js';

const PASSPORT = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const ID_CARD = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

/** A deadline for waiting on events, so a broken driver fails the test with a message instead of hanging. */
const within = () => ({ signal: AbortSignal.timeout(5000) });

function nextStatus(reader: SerialDocumentReader, status: ReaderStatus): Promise<StatusEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${status}' status within 5 s`)), 5000);
    const on = (e: StatusEvent) => {
      if (e.status !== status) return;
      clearTimeout(timer);
      reader.off('status', on);
      resolve(e);
    };
    reader.on('status', on);
  });
}

/** Resolves once the reader has taken in `total` bytes since the test began. */
function bytesConsumed(reader: SerialDocumentReader, total: number): Promise<void> {
  if (reader.counters.bytes >= total) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`reader saw ${reader.counters.bytes} of ${total} bytes`)), 5000);
    const on = () => {
      if (reader.counters.bytes < total) return;
      clearTimeout(timer);
      reader.off('chunk', on);
      resolve();
    };
    reader.on('chunk', on);
  });
}

interface Logged {
  msg: string;
  fields: Record<string, unknown> | undefined;
}

describe('SerialDocumentReader over a real pty pair', () => {
  let pair: PtyPair;
  let reader: SerialDocumentReader;
  let sim: RteDocumentReaderSimulator;
  let logged: Logged[];

  async function start(opts: Partial<SerialDocumentReaderOptions> = {}) {
    logged = [];
    const log = (msg: string, fields?: Record<string, unknown>) => logged.push({ msg, fields });
    reader = new SerialDocumentReader({ path: pair.a, protocol: 'rte', logger: { warn: log, info: log }, ...opts });
    sim = new RteDocumentReaderSimulator({ path: pair.b });
    await Promise.all([reader.open(), sim.open()]);
  }

  beforeEach(async () => {
    pair = await openPtyPair();
  });

  afterEach(async () => {
    await sim?.close();
    await reader?.close();
    await pair.close();
  });

  it('emits the exact MRZ lines of a swiped TD3 passport', async () => {
    await start();
    expect(reader.status).toBe('ready');
    const doc = once(reader, 'document', within());
    const before = performance.now();
    await sim.swipe(PASSPORT);
    const [event] = await doc;
    expect(event.lines).toEqual(PASSPORT);
    expect(event.raw.equals(encodeRteFrame(PASSPORT))).toBe(true);
    expect(event.receivedAt).toBeGreaterThanOrEqual(before);
    expect(event.receivedAt).toBeLessThanOrEqual(performance.now());
    expect(reader.counters).toMatchObject({ frames: 1, rejected: 0, bytes: 100 });
  });

  it('rejects a corrupt-BCC frame with a reason, logs no MRZ, and still takes the next good frame', async () => {
    await start();
    const rejected = once(reader, 'rejected', within());
    await sim.swipe(PASSPORT, { corruptBcc: true });
    const [rej] = await rejected;
    expect(rej.code).toBe('bad-bcc');
    expect(rej.reason).toMatch(/^bad BCC: expected 0x7d, got 0x82$/);

    const doc = once(reader, 'document', within());
    await sim.swipe(ID_CARD);
    expect((await doc)[0].lines).toEqual(ID_CARD);
    expect(reader.counters).toMatchObject({ frames: 1, rejected: 1 });

    const warning = logged.find((l) => l.msg === 'document reader rejected a frame');
    expect(warning?.fields).toMatchObject({ code: 'bad-bcc', reason: rej.reason, bytes: 100 });
    const everything = JSON.stringify(logged);
    for (const line of [...PASSPORT, ...ID_CARD]) expect(everything).not.toContain(line.slice(0, 12));
    expect(everything).not.toContain('ERIKSSON');
  });

  it('decodes a frame that arrives one byte per read', async () => {
    await start();
    const doc = once(reader, 'document', within());
    // Wait for each byte to be read before sending the next, so the tty cannot coalesce them.
    await sim.swipe(ID_CARD, { chunkSize: 1, afterChunk: (sent) => bytesConsumed(reader, sent) });
    const [event] = await doc;
    expect(event.lines).toEqual(ID_CARD);
    expect(reader.counters.chunks).toBe(encodeRteFrame(ID_CARD).length);
  });

  it('rejects a truncated frame once the line goes quiet, then reads the next swipe', async () => {
    await start({ interByteTimeoutMs: 100 });
    const rejected = once(reader, 'rejected', within());
    await sim.swipe(PASSPORT, { truncate: 30 });
    const [rej] = await rejected;
    expect(rej.code).toBe('partial-frame');
    expect(rej.raw).toHaveLength(70);

    const doc = once(reader, 'document', within());
    await sim.swipe(PASSPORT);
    expect((await doc)[0].lines).toEqual(PASSPORT);
  });

  it('keeps delivering when a listener throws', async () => {
    await start();
    reader.once('document', () => {
      throw new Error('listener bug');
    });
    const first = once(reader, 'document', within());
    await sim.swipe(PASSPORT);
    await first;
    const second = once(reader, 'document', within());
    await sim.swipe(ID_CARD);
    expect((await second)[0].lines).toEqual(ID_CARD);
    expect(logged.find((l) => l.msg === 'document reader listener threw')?.fields).toMatchObject({ event: 'document', error: 'listener bug' });
  });

  it('reports noise before a frame and still decodes the frame', async () => {
    await start();
    const rejected = once(reader, 'rejected', within());
    const doc = once(reader, 'document', within());
    await sim.swipe(PASSPORT, { garbageBefore: Buffer.from('\xff\xfe+++ATZ\r\n', 'latin1') });
    expect((await rejected)[0]).toMatchObject({ code: 'garbage', reason: '10 byte(s) of garbage before SOH' });
    expect((await doc)[0].lines).toEqual(PASSPORT);
  });
});

describe('SerialDocumentReader with the Desko framing', () => {
  it('reads a Desko CUTE frame with the configured SOD/EOD bytes', async () => {
    const pair = await openPtyPair();
    const reader = new SerialDocumentReader({ path: pair.a, protocol: 'desko', desko: { sod: 0x0e, eod: 0x0f } });
    const device = await openSerialPort(pair.b, 9600);
    try {
      await reader.open();
      const doc = once(reader, 'document', within());
      await writeAndDrain(device, encodeDeskoFrame(ID_CARD, { sod: 0x0e, eod: 0x0f }));
      expect((await doc)[0].lines).toEqual(ID_CARD);
    } finally {
      await closeSerialPort(device);
      await reader.close();
      await pair.close();
    }
  });
});

describe('SerialDocumentReader when the port vanishes', () => {
  let dir: string;
  const cleanup: (() => Promise<void>)[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'borderpost-pty-'));
  });

  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the loss, retries with backoff, and reads again once the device is back at the same path', async () => {
    const links = { a: join(dir, 'reader'), b: join(dir, 'device') };
    const first = await openPtyPair({ links });
    cleanup.push(() => first.close());
    const reader = new SerialDocumentReader({
      path: links.a,
      protocol: 'rte',
      reconnect: { initialDelayMs: 20, maxDelayMs: 80 },
      presenceCheckMs: 50,
    });
    cleanup.push(() => reader.close());
    const statuses: StatusEvent[] = [];
    reader.on('status', (s) => statuses.push(s));
    await reader.open();

    // Unplug: socat exits, both ends hang up and the link disappears.
    const lost = nextStatus(reader, 'error');
    await first.close();
    const loss = await lost;
    // serialport sometimes sees the hang-up itself, otherwise the presence check does
    expect(loss.detail).toMatch(new RegExp(`^lost ${links.a}: `));
    expect(loss.retryInMs).toBe(20);

    // While the device is absent, retries fail and the delay grows to its cap.
    const backingOff = new Promise<void>((resolve) => {
      const on = (s: StatusEvent) => {
        if (s.status === 'error' && s.retryInMs === 80) {
          reader.off('status', on);
          resolve();
        }
      };
      reader.on('status', on);
    });
    await backingOff;
    expect(statuses.filter((s) => s.status === 'error').map((s) => s.retryInMs).slice(0, 3)).toEqual([20, 40, 80]);

    // Plug back in at the same path.
    const back = nextStatus(reader, 'ready');
    const second = await openPtyPair({ links });
    cleanup.push(() => second.close());
    await back;
    expect(reader.counters.reconnects).toBe(1);

    const sim = new RteDocumentReaderSimulator({ path: links.b });
    cleanup.push(() => sim.close());
    await sim.open();
    const doc = once(reader, 'document', within());
    await sim.swipe(PASSPORT);
    expect((await doc)[0].lines).toEqual(PASSPORT);

    const closed = nextStatus(reader, 'closed');
    await reader.close();
    await closed;
    expect(reader.status).toBe('closed');
  });

  it('notices when the far end of a plain /dev/pts pair goes away', async () => {
    const pair = await openPtyPair();
    cleanup.push(() => pair.close());
    const reader = new SerialDocumentReader({ path: pair.a, protocol: 'rte', presenceCheckMs: 50, reconnect: { initialDelayMs: 1000 } });
    cleanup.push(() => reader.close());
    await reader.open();
    const lost = nextStatus(reader, 'error');
    await pair.close();
    expect((await lost).detail).toMatch(new RegExp(`^lost ${pair.a}: `));
    expect(reader.status).toBe('error');
  });

  it('notices a different device appearing at its path even though the old one never hung up', async () => {
    const oldDevice = await openPtyPair();
    cleanup.push(() => oldDevice.close());
    const newDevice = await openPtyPair();
    cleanup.push(() => newDevice.close());
    const path = join(dir, 'reader');
    symlinkSync(oldDevice.a, path);
    const reader = new SerialDocumentReader({ path, protocol: 'rte', presenceCheckMs: 20, reconnect: { initialDelayMs: 10 } });
    cleanup.push(() => reader.close());
    await reader.open();

    const lost = nextStatus(reader, 'error');
    const back = nextStatus(reader, 'ready');
    symlinkSync(newDevice.a, `${path}.new`);
    renameSync(`${path}.new`, path); // atomic swap, as udev does when a by-id link is re-pointed
    expect((await lost).detail).toBe(`lost ${path}: a different device is now at this path`);
    await back;

    const sim = new RteDocumentReaderSimulator({ path: newDevice.b });
    cleanup.push(() => sim.close());
    await sim.open();
    const doc = once(reader, 'document', within());
    await sim.swipe(PASSPORT);
    expect((await doc)[0].lines).toEqual(PASSPORT);
  });

  it('rejects open() if closed before the device ever appears', async () => {
    const warnings: string[] = [];
    const logger = { warn: (msg: string) => warnings.push(msg) };
    const reader = new SerialDocumentReader({ path: join(dir, 'absent'), protocol: 'rte', logger, reconnect: { initialDelayMs: 5, maxDelayMs: 5 } });
    const errors: StatusEvent[] = [];
    const thirdFailure = new Promise<void>((resolve) =>
      reader.on('status', (s) => {
        if (s.status === 'error' && errors.push(s) === 3) resolve();
      }),
    );
    const opening = reader.open();
    await thirdFailure;
    expect(errors[0]!.detail).toMatch(new RegExp(`^cannot open ${join(dir, 'absent')}: .*(ENOENT|No such file)`));
    expect(errors.map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(warnings).toEqual(['document reader port unavailable']); // once per outage, not per retry
    const closing = reader.close();
    await expect(opening).rejects.toThrow(/closed before the port was ready/);
    await closing;
    expect(reader.status).toBe('closed');
  });
});

describe('openPtyPair', () => {
  it('fails with a clear message when socat is missing', async () => {
    await expect(openPtyPair({ socatPath: '/nonexistent/socat' })).rejects.toThrow(/socat not found .*install it/);
  });

  it('gives two distinct pty paths that carry bytes both ways', async () => {
    const pair = await openPtyPair();
    const [a, b] = await Promise.all([openSerialPort(pair.a, 9600), openSerialPort(pair.b, 9600)]);
    try {
      expect(pair.a).toMatch(/^\/dev\/pts\/\d+$/);
      expect(pair.b).toMatch(/^\/dev\/pts\/\d+$/);
      expect(pair.a).not.toBe(pair.b);
      const atB = once(b, 'data', within());
      await writeAndDrain(a, Buffer.from([0x00, 0x01, 0xff]));
      expect([...(await atB)[0]]).toEqual([0x00, 0x01, 0xff]);
      const atA = once(a, 'data', within());
      await writeAndDrain(b, Buffer.from('\r\n'));
      expect((await atA)[0].toString()).toBe('\r\n');
    } finally {
      await Promise.all([closeSerialPort(a), closeSerialPort(b)]);
      await pair.close();
    }
    await pair.close(); // idempotent
  });
});
