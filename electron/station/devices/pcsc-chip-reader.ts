/**
 * A contactless chip reader through PC/SC: pcscd on Linux, reached with `@pokusew/pcsclite`. The
 * booth watches the reader and its card presence, so the devices screen always says whether the
 * reader is there and whether a document lies on it; when an MRZ is read, the station asks for the
 * chip and this waits (a few seconds: the traveller may still be laying the passport down) for a card.
 *
 * pcscd may start after the booth, stop, or restart: the reader then shows `error` with the reason and
 * the booth reconnects every few seconds. Nothing here throws for what pcscd, the reader or the card
 * does; `present` answers with a chip or with the reason there is none.
 */
import type { Device } from '../../contract/index.js';
import { PcscError, PcscTransport, type PcscCard, type PcscTransportEvent } from '../../../native-drivers/index.js';
import type { Logger } from '../log.js';
import { ChipReaderBase, type ChipPresentation, type ChipReaderDevice } from './chip-reader-device.js';

export interface PcscChipReaderConfig {
  id: string;
  /** The PC/SC reader name (exact, or the start of it); absent: the first reader pcscd lists. */
  reader?: string;
  /** How long to wait for a document on the reader after its MRZ was read (default 8 s). */
  cardWaitMs?: number;
  /** How often to try pcscd again after it went away (default 3 s). */
  retryMs?: number;
  /** Opens the PC/SC transport; default `PcscTransport.open` (tests pass a fake binding here). */
  openTransport?: () => Promise<PcscTransport>;
}

export class PcscChipReader extends ChipReaderBase implements ChipReaderDevice {
  readonly simulated = false;
  private transport: PcscTransport | null = null;
  private unsubscribe: (() => void) | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly cardListeners = new Set<() => void>();

  constructor(
    private readonly config: PcscChipReaderConfig,
    private readonly log: Logger,
  ) {
    super({
      id: config.id,
      kind: 'chip-reader',
      driver: 'PC/SC (pcscd)',
      label: config.reader ? `Chip reader ${config.reader}` : 'Chip reader (first PC/SC reader)',
      port: config.reader ?? null,
      simulated: false,
      status: 'connecting',
      detail: 'connecting to pcscd',
      lastEventAt: null,
      counters: { frames: 0, rejected: 0 },
    });
  }

  onCardPresent(listener: () => void): void {
    this.cardListeners.add(listener);
  }

  hasCard(): boolean {
    return this.lastCard !== null && this.lastCard === this.readerName();
  }

  private set(status: Device['status'], detail: string, event = false): void {
    if (this.device.status === status && this.device.detail === detail && !event) return;
    this.device.status = status;
    this.device.detail = detail;
    if (event) this.device.lastEventAt = new Date().toISOString();
    this.changed();
  }

  async start(): Promise<void> {
    await this.connect();
  }

  private scheduleRetry(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect();
    }, this.config.retryMs ?? 3000);
    this.retry.unref();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    try {
      const transport = await (this.config.openTransport ?? (() => PcscTransport.open({ openTimeoutMs: 5000 })))();
      if (this.closed) {
        await transport.close();
        return;
      }
      this.transport = transport;
      this.unsubscribe = transport.subscribe((e) => this.onEvent(e));
      this.refresh();
    } catch (e) {
      this.set('error', e instanceof PcscError ? e.message : `cannot reach pcscd: ${(e as Error).message}`);
      this.scheduleRetry();
    }
  }

  /** The reader this device stands for, by the configured name (exact or prefix), else the first. */
  private readerName(): string | undefined {
    if (!this.transport) return undefined;
    let names: string[];
    try {
      names = this.transport.listReaders();
    } catch {
      return undefined;
    }
    const want = this.config.reader;
    if (!want) return names[0];
    return names.find((n) => n === want) ?? names.find((n) => n.startsWith(want));
  }

  private refresh(event = false): void {
    const name = this.readerName();
    if (!name) {
      this.set('absent', this.config.reader ? `pcscd lists no reader named "${this.config.reader}": plug it in` : 'pcscd lists no reader: plug one in', event);
      return;
    }
    this.device.port = name;
    this.set('ready', this.lastCard === name ? `a document is on ${name}` : `${name}: waiting for a document`, event);
  }

  private lastCard: string | null = null;

  private onEvent(e: PcscTransportEvent): void {
    if (e.type === 'service-lost') {
      this.log.warn('pcscd went away', { error: e.error.message });
      this.dropTransport();
      this.lastCard = null;
      this.set('error', `${e.error.message}; trying again`, true);
      this.scheduleRetry();
      return;
    }
    if (e.type === 'card-inserted') this.lastCard = e.reader;
    if ((e.type === 'card-removed' || e.type === 'reader-removed') && this.lastCard === e.reader) this.lastCard = null;
    this.refresh(true);
    if (e.type === 'card-inserted' && e.reader === this.readerName()) for (const l of this.cardListeners) l();
  }

  private dropTransport(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    const t = this.transport;
    this.transport = null;
    if (t) void t.close().catch(() => undefined);
  }

  async present(): Promise<ChipPresentation> {
    const transport = this.transport;
    if (!transport) return { chip: null, reason: `the chip reader is not available: ${this.device.detail}` };
    const waitMs = this.config.cardWaitMs ?? 8000;
    let card: PcscCard;
    try {
      const reader = await transport.waitForReader({ timeoutMs: 1000, ...(this.config.reader ? { name: this.config.reader } : {}) });
      card = await reader.connect({ timeoutMs: waitMs });
    } catch (e) {
      if (e instanceof PcscError && e.code === 'NO_CARD') return { chip: null, reason: `no document was laid on the chip reader within ${Math.round(waitMs / 1000)} s: lay it on the reader and the chip is read`, awaitCard: true };
      if (e instanceof PcscError && e.code === 'NO_READER') return { chip: null, reason: 'the chip reader is not connected' };
      return { chip: null, reason: `the chip reader could not reach the chip: ${(e as Error).message}` };
    }
    return {
      chip: {
        readerId: this.id,
        transmit: card.transmit,
        atr: card.atr,
        simulatedTrust: null,
        // Reset: the next read starts from a fresh chip, not from this read's secure messaging session.
        release: () => card.disconnect('reset').catch(() => undefined),
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    const t = this.transport;
    this.transport = null;
    await t?.close();
  }
}
