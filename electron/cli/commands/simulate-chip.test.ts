// `borderpost simulate chip`: the chip must come to a vpcd socket and answer there, the trust
// material must be written where asked, and a bad profile must be a usage error naming the field.
// The vpcd side is a TCP server speaking vpcd's framing, standing in for pcscd's driver.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeVpcdFrame, VpcdControl, VpcdFrameDecoder } from '../../../native-drivers/index.js';
import type { Io } from '../command.js';
import { main } from '../index.js';
import { runChipSimulator } from './simulate-chip.js';

const EXAMPLE = fileURLToPath(new URL('../../../native-drivers/simulators/chip/profiles/eriksson.json', import.meta.url));

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), json: (v) => out.push(JSON.stringify(v)), readStdin: async () => '', env: {} };
  return { io, out, err };
}

/** The vpcd end of the socket: accepts one card, then sends control messages and APDUs in order. */
function fakeVpcd(): Promise<{ server: Server; port: number; card: Promise<Socket> }> {
  return new Promise((resolve) => {
    let accept: (s: Socket) => void;
    const card = new Promise<Socket>((r) => (accept = r));
    const server = createServer((socket) => accept(socket));
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, card }));
  });
}

function exchange(socket: Socket, payload: Buffer): Promise<Buffer> {
  return new Promise((resolve) => {
    const decoder = new VpcdFrameDecoder();
    const onData = (chunk: Buffer) => {
      const [frame] = decoder.push(chunk);
      if (frame) {
        socket.off('data', onData);
        resolve(frame);
      }
    };
    socket.on('data', onData);
    socket.write(encodeVpcdFrame(payload));
  });
}

let dir: string | undefined;
let server: Server | undefined;
afterEach(() => {
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('borderpost simulate chip', () => {
  it('puts the Eriksson chip on vpcd, answers APDUs there, writes the CSCA and CRL, and stops when told', async () => {
    dir = mkdtempSync(join(tmpdir(), 'borderpost-simchip-'));
    const vpcd = await fakeVpcd();
    server = vpcd.server;
    const { io, out } = fakeIo();
    let stop!: () => void;
    const running = runChipSimulator({ profilePath: EXAMPLE, vpcdHost: '127.0.0.1', vpcdPort: vpcd.port, exportTrustDir: join(dir, 'trust'), json: true }, io, new Promise<void>((r) => (stop = r)));

    const socket = await vpcd.card;
    await new Promise<void>((r) => socket.write(encodeVpcdFrame(Buffer.from([VpcdControl.POWER_ON])), () => r()));
    const atr = await exchange(socket, Buffer.from([VpcdControl.GET_ATR]));
    expect(atr[0]).toBe(0x3b);
    expect((await exchange(socket, Buffer.from('00A4000C023F00', 'hex'))).toString('hex')).toBe('9000');
    const cardAccess = await exchange(socket, Buffer.from('00B09C0000', 'hex'));
    expect(cardAccess.subarray(-2).toString('hex')).toBe('9000');
    expect(cardAccess[0]).toBe(0x31); // SecurityInfos
    expect((await exchange(socket, Buffer.from('00A4040C07A0000002471001', 'hex'))).toString('hex')).toBe('9000');
    expect((await exchange(socket, Buffer.from('00B0810000', 'hex'))).toString('hex')).toBe('6982'); // DG1 needs access control

    const report = JSON.parse(out[0]!) as { vpcd: { port: number }; trust: { cscaPath: string; crlPath: string; cscaSha256: string }; access: { bac: boolean } };
    expect(report.vpcd.port).toBe(vpcd.port);
    expect(report.access.bac).toBe(true);
    const csca = new X509Certificate(readFileSync(report.trust.cscaPath));
    expect(csca.ca).toBe(true);
    expect(csca.subject).toContain('CSCA UT simulated');
    expect(readFileSync(report.trust.crlPath)[0]).toBe(0x30);

    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    stop();
    await running;
    await closed; // the card left the reader
  });

  it('refuses a missing profile option and an invalid profile with exit code 2, naming the bad field', async () => {
    dir = mkdtempSync(join(tmpdir(), 'borderpost-simchip-'));
    const none = fakeIo();
    expect(await main(['simulate', 'chip'], none.io)).toBe(2);
    expect(none.err[0]).toMatch(/--profile <file> is required/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ mrz: ['P<UTO'], can: '12' }));
    const invalid = fakeIo();
    expect(await main(['simulate', 'chip', '--profile', bad], invalid.io)).toBe(2);
    expect(invalid.err[0]).toMatch(/mrz: must be TD3/);
    expect(invalid.err[0]).toMatch(/can: must be six digits/);
    const port = fakeIo();
    expect(await main(['simulate', 'chip', '--profile', EXAMPLE, '--vpcd-port', '70000'], port.io)).toBe(2);
  });
});
