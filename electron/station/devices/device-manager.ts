/**
 * The devices attached to this booth. With `simulators` on (the default of `npm start`), a
 * simulated 3M RTE-style document reader is attached to one end of a real pseudo-terminal pair and
 * the real serial driver reads the other end, so the whole path from wire bytes to inspection runs;
 * and a simulated chip reader lays a simulated ePassport on the reader for each simulated swipe.
 *
 * Chip readers: a configured PC/SC reader reads the chip of every document, swiped for real or
 * simulated (so a simulated swipe with a chip simulator on vpcd runs through the real pcscd). Without
 * one, simulated swipes get the in-process simulated chip, and real swipes have no chip reader.
 */
import { EventEmitter } from 'node:events';
import type { Device } from '../../contract/index.js';
import { openPtyPair, RteDocumentReaderSimulator, SerialDocumentReader } from '../../../native-drivers/index.js';
import type { Logger } from '../log.js';
import type { ChipReaderDevice } from './chip-reader-device.js';
import { PcscChipReader, type PcscChipReaderConfig } from './pcsc-chip-reader.js';
import { SimulatedChipReader, type SimulatedChipReaderOptions } from './simulated-chip-reader.js';
import type { SimulatedChip } from '../../contract/index.js';

export interface DocumentReaderConfig {
  id: string;
  path: string;
  protocol: 'rte' | 'desko';
  baudRate?: number;
}

export interface DeviceManagerOptions {
  simulators: boolean;
  documentReaders: DocumentReaderConfig[];
  chipReaders?: PcscChipReaderConfig[];
  simulatedChip?: SimulatedChipReaderOptions;
  log: Logger;
}

export interface DocumentRead {
  deviceId: string;
  lines: string[];
  /** performance.now() when the chunk holding the frame's last byte arrived. */
  receivedAt: number;
}

interface Attached {
  device: Device;
  reader: SerialDocumentReader;
  simulator?: RteDocumentReaderSimulator;
}

export const SIMULATED_READER_ID = 'document-reader-sim';

export class DeviceManager extends EventEmitter<{ read: [DocumentRead]; changed: [Device[]] }> {
  private readonly attached = new Map<string, Attached>();
  private readonly chipReaders: ChipReaderDevice[] = [];
  private simulatedChip: SimulatedChipReader | null = null;
  private closers: Array<() => Promise<void>> = [];

  constructor(private readonly opts: DeviceManagerOptions) {
    super();
  }

  async start(): Promise<void> {
    const configs = [...this.opts.documentReaders];
    if (this.opts.simulators) {
      const pair = await openPtyPair();
      this.closers.push(() => pair.close());
      const simulator = new RteDocumentReaderSimulator({ path: pair.b });
      await simulator.open();
      this.closers.unshift(() => simulator.close());
      await this.attachReader({ id: SIMULATED_READER_ID, path: pair.a, protocol: 'rte' }, simulator);
    }
    for (const c of configs) await this.attachReader(c);
    for (const c of this.opts.chipReaders ?? []) await this.attachChipReader(new PcscChipReader(c, this.opts.log.child(c.id)));
    if (this.opts.simulators) {
      this.simulatedChip = new SimulatedChipReader(this.opts.simulatedChip);
      await this.attachChipReader(this.simulatedChip);
    }
  }

  private async attachChipReader(reader: ChipReaderDevice): Promise<void> {
    this.chipReaders.push(reader);
    reader.onChanged(() => this.emitChanged());
    this.closers.unshift(() => reader.close());
    await reader.start();
  }

  /** Every attached chip reader (after `start`). */
  chipReaderList(): readonly ChipReaderDevice[] {
    return [...this.chipReaders];
  }

  /** The chip reader for a document read from `deviceId`, or null when this booth has none for it. */
  chipReaderFor(deviceId: string): ChipReaderDevice | null {
    const real = this.chipReaders.find((r) => !r.simulated);
    if (real) return real;
    return this.attached.get(deviceId)?.simulator ? this.simulatedChip : null;
  }

  private async attachReader(cfg: DocumentReaderConfig, simulator?: RteDocumentReaderSimulator): Promise<void> {
    const log = this.opts.log.child(cfg.id);
    const reader = new SerialDocumentReader({ path: cfg.path, protocol: cfg.protocol, baudRate: cfg.baudRate ?? 9600, logger: log });
    const device: Device = {
      id: cfg.id,
      kind: 'document-reader',
      driver: cfg.protocol === 'rte' ? '3M RTE native (serial)' : 'Desko CUTE (serial)',
      label: simulator ? 'Simulated document reader' : `Document reader on ${cfg.path}`,
      port: cfg.path,
      simulated: Boolean(simulator),
      status: 'connecting',
      detail: 'opening the serial port',
      lastEventAt: null,
      counters: { frames: 0, rejected: 0 },
    };
    const entry: Attached = { device, reader, simulator };
    this.attached.set(cfg.id, entry);
    reader.on('status', (s) => {
      device.status = s.status === 'ready' ? 'ready' : s.status === 'connecting' ? 'connecting' : s.status === 'closed' ? 'absent' : 'error';
      device.detail = s.detail ?? s.status;
      this.emitChanged();
    });
    reader.on('document', (d) => {
      device.counters.frames++;
      device.lastEventAt = new Date().toISOString();
      this.emit('read', { deviceId: cfg.id, lines: d.lines, receivedAt: d.receivedAt });
      this.emitChanged();
    });
    reader.on('rejected', (r) => {
      device.counters.rejected++;
      device.lastEventAt = new Date().toISOString();
      log.warn('frame rejected', { reason: r.reason, bytes: r.raw.length });
      this.emitChanged();
    });
    this.closers.unshift(() => reader.close());
    await reader.open();
  }

  private emitChanged() {
    this.emit('changed', this.list());
  }

  list(): Device[] {
    return [...[...this.attached.values()].map((a) => structuredClone(a.device)), ...this.chipReaders.map((r) => r.describe())];
  }

  /** Emits a read from a simulated reader through its real wire protocol. */
  async simulateRead(lines: string[], deviceId?: string, chip: SimulatedChip = 'genuine'): Promise<void> {
    const entry = deviceId ? this.attached.get(deviceId) : [...this.attached.values()].find((a) => a.simulator);
    if (!entry?.simulator) throw new Error(deviceId ? `${deviceId} is not a simulated reader` : 'no simulated document reader is attached');
    this.simulatedChip?.arm(lines, chip);
    await entry.simulator.swipe(lines);
  }

  async close(): Promise<void> {
    const closers = this.closers;
    this.closers = [];
    for (const c of closers) {
      try {
        await c();
      } catch (e) {
        this.opts.log.warn('device close failed', { error: (e as Error).message });
      }
    }
    this.attached.clear();
    this.chipReaders.length = 0;
  }
}
