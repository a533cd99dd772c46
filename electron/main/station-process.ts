/**
 * Main's side of the station utility process: forks it, relays calls and events (protocol in
 * station-protocol.ts), and restarts it with backoff when it dies, so a native crash in a driver
 * or in SQLite costs the UI an outage, not the window.
 */
import type { EventName } from '../contract/names.js';
import type { Reply } from '../contract/errors.js';
import { errorMessage, type Logger } from './log.js';
import { parseStationToMain, unavailable, type MainToStation, type StationStartOptions } from './station-protocol.js';

/** The part of Electron's `UtilityProcess` used here. */
export interface UtilityProcessLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export type StationEventListener = (name: EventName, payload: unknown, connectionIds: readonly string[]) => void;

/** What the IPC gate needs from the station, wherever it runs. */
export interface StationClient {
  call(connectionId: string, name: string, input: unknown): Promise<Reply<unknown>>;
  connect(connectionId: string): void;
  disconnect(connectionId: string): void;
  onEvent(listener: StationEventListener): () => void;
}

export interface StationProcessOptions {
  /** Forks the built station entry, e.g. `() => utilityProcess.fork(entryPath, [], {serviceName})`. */
  fork: () => UtilityProcessLike;
  start: StationStartOptions;
  log: Logger;
  /** Delay before restart number `attempt` (0-based). Default: 0.5 s doubling to 30 s. */
  backoffMs?: (attempt: number) => number;
  /** A process that ran this long before dying starts the backoff from the beginning again. */
  stableAfterMs?: number;
  /** How long close() waits for the station to shut down before killing it. */
  closeTimeoutMs?: number;
  now?: () => number;
}

export type StationState = 'idle' | 'starting' | 'ready' | 'down' | 'closing' | 'closed';

export const defaultBackoffMs = (attempt: number): number => Math.min(30_000, 500 * 2 ** attempt);

export class StationProcess implements StationClient {
  private child: UtilityProcessLike | null = null;
  private startedAt = 0;
  private attempt = 0;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: Reply<unknown>) => void>();
  private readonly connections = new Set<string>();
  private readonly listeners = new Set<StationEventListener>();
  private closeWaiter: (() => void) | null = null;
  private closing: Promise<void> | null = null;
  private current: StationState = 'idle';
  private readonly now: () => number;

  constructor(private readonly options: StationProcessOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): StationState {
    return this.current;
  }

  start(): void {
    if (this.current !== 'idle' && this.current !== 'down') return;
    this.restartTimer = null;
    const { log } = this.options;
    let child: UtilityProcessLike;
    try {
      child = this.options.fork();
    } catch (e) {
      log.error('station process could not be started', { error: errorMessage(e) });
      this.current = 'down';
      this.scheduleRestart();
      return;
    }
    this.child = child;
    this.current = 'starting';
    this.startedAt = this.now();
    child.on('message', (message) => {
      if (child === this.child) this.onMessage(message);
    });
    child.on('exit', (code) => {
      if (child === this.child) this.onExit(code);
    });
    this.send({ t: 'start', options: this.options.start });
    // Connections outlive a restart on this side; the new station learns them again (signed out).
    for (const connectionId of this.connections) this.send({ t: 'connect', connectionId });
  }

  call(connectionId: string, name: string, input: unknown): Promise<Reply<unknown>> {
    if (this.current !== 'starting' && this.current !== 'ready') {
      return Promise.resolve(unavailable(this.current === 'closing' || this.current === 'closed' ? 'the station is shutting down' : 'the station is restarting'));
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.connections.add(connectionId);
      if (!this.send({ t: 'call', id, connectionId, name, input })) {
        this.pending.delete(id);
        resolve(unavailable('the station is restarting'));
      }
    });
  }

  connect(connectionId: string): void {
    this.connections.add(connectionId);
    if (this.current === 'starting' || this.current === 'ready') this.send({ t: 'connect', connectionId });
  }

  disconnect(connectionId: string): void {
    if (!this.connections.delete(connectionId)) return;
    if (this.current === 'starting' || this.current === 'ready') this.send({ t: 'disconnect', connectionId });
  }

  onEvent(listener: StationEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks the station to close its database and drivers; kills it if it does not exit in time. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    if (!child || this.current === 'idle' || this.current === 'down') {
      this.current = 'closed';
      return;
    }
    this.current = 'closing';
    const exited = new Promise<void>((resolve) => {
      this.closeWaiter = resolve;
    });
    this.send({ t: 'close' });
    const timeoutMs = this.options.closeTimeoutMs ?? 5_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.options.log.warn('station did not close in time; killing it', { timeoutMs });
      child.kill();
    }
    this.finish('the station has shut down');
    this.current = 'closed';
    this.child = null;
  }

  private send(message: MainToStation): boolean {
    if (!this.child) return false;
    try {
      this.child.postMessage(message);
      return true;
    } catch (e) {
      this.options.log.error('could not post to the station process', { error: errorMessage(e) });
      return false;
    }
  }

  private onMessage(raw: unknown): void {
    const message = parseStationToMain(raw);
    if (!message) {
      this.options.log.warn('malformed message from the station process ignored');
      return;
    }
    switch (message.t) {
      case 'ready':
        if (this.current === 'starting') this.current = 'ready';
        this.options.log.info('station ready', { restarts: this.attempt });
        return;
      case 'fatal':
        this.options.log.error('station could not open', { error: message.message });
        return;
      case 'reply': {
        const resolve = this.pending.get(message.id);
        this.pending.delete(message.id);
        resolve?.(message.reply);
        return;
      }
      case 'event':
        for (const listener of this.listeners) {
          try {
            listener(message.name, message.payload, message.connectionIds);
          } catch (e) {
            this.options.log.error('event listener threw', { event: message.name, error: errorMessage(e) });
          }
        }
        return;
      case 'closed':
        return;
    }
  }

  private onExit(code: number): void {
    this.child = null;
    if (this.current === 'closing') {
      this.closeWaiter?.();
      return;
    }
    const livedMs = this.now() - this.startedAt;
    this.options.log.error('station process exited unexpectedly', { code, livedMs, pendingCalls: this.pending.size });
    this.current = 'down';
    this.finish('the station stopped unexpectedly and is restarting');
    if (livedMs >= (this.options.stableAfterMs ?? 60_000)) this.attempt = 0;
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    const delay = (this.options.backoffMs ?? defaultBackoffMs)(this.attempt);
    this.attempt += 1;
    this.options.log.warn('restarting the station process', { attempt: this.attempt, delayMs: delay });
    this.restartTimer = setTimeout(() => this.start(), delay);
  }

  /** Every call still waiting gets UNAVAILABLE: its outcome is unknown, and the UI must say so. */
  private finish(message: string): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const resolve of waiting) resolve(unavailable(message));
  }
}
