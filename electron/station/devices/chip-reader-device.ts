/**
 * What the booth needs from a contactless chip reader, whichever it is: the in-process simulated
 * ePassport of `npm start`, or a real reader through PC/SC (pcscd). After an MRZ is read, the station
 * asks the chip reader for the document's chip; it answers with a channel to the chip, or says in plain
 * words why there is none (no document on the reader, no reader, no pcscd).
 */
import type { Device } from '../../contract/index.js';
import type { Transmit } from '../../../native-drivers/index.js';

/** Trust material a simulated chip brings along: trusted for that simulated document only. */
export interface SimulatedTrust {
  readonly cscaDer: Buffer;
  readonly crlDer: Buffer;
}

export interface PresentedChip {
  readonly readerId: string;
  readonly transmit: Transmit;
  readonly atr: Buffer;
  /** Only a simulated chip has it; a real chip is judged by the station's trust store alone. */
  readonly simulatedTrust: SimulatedTrust | null;
  /** Ends the connection to the card (the document may stay on the reader). */
  release(): Promise<void>;
}

export type ChipPresentation =
  | { readonly chip: PresentedChip }
  /** `awaitCard`: the reader is there but no document was on it; laying one on later can still be read. */
  | { readonly chip: null; readonly reason: string; readonly awaitCard?: boolean };

export interface ChipReaderDevice {
  readonly id: string;
  readonly simulated: boolean;
  /** A snapshot for the devices list. */
  describe(): Device;
  start(): Promise<void>;
  /** The chip of the document whose MRZ was just read. Never throws for what the reader or card does. */
  present(mrzLines: readonly string[]): Promise<ChipPresentation>;
  /** Counts a finished read for the devices screen. */
  recordRead(ok: boolean): void;
  close(): Promise<void>;
  /** Called whenever `describe()` changed. */
  onChanged(listener: () => void): void;
  /** Called when a document is laid on the reader (readers that can tell). */
  onCardPresent?(listener: () => void): void;
  /** Whether a document lies on the reader now, as far as the reader can tell. */
  hasCard?(): boolean;
}

/** What every chip reader device keeps the same way: its snapshot, its listeners, its read counters. */
export abstract class ChipReaderBase {
  private readonly listeners = new Set<() => void>();

  protected constructor(protected readonly device: Device) {}

  get id(): string {
    return this.device.id;
  }

  describe(): Device {
    return structuredClone(this.device);
  }

  onChanged(listener: () => void): void {
    this.listeners.add(listener);
  }

  /** Tells the listeners that `describe()` changed. */
  protected changed(): void {
    for (const l of this.listeners) l();
  }

  /** A read that reached the chip counts as a frame, one that could not as rejected. */
  recordRead(ok: boolean): void {
    if (ok) this.device.counters.frames++;
    else this.device.counters.rejected++;
    this.changed();
  }
}
