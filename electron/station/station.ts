/**
 * The station core: plain Node, never imports `electron`. Opens the database, wires identity,
 * audit, inspections and devices, and exposes the contract through one Router. Transports (the
 * Electron utility process, the browser host, the CLI) only create connections and forward calls.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ContractError, type EventName, type EventPayload, type Inspection } from '../contract/index.js';
import { Router, type Handlers } from './api/router.js';
import { AuditLog } from './audit/audit-log.js';
import { backupDatabase, openDatabase, type Db } from './db/database.js';
import { loadOrCreateStationKey } from './db/station-key.js';
import { DeviceManager, type DocumentRead, type DocumentReaderConfig } from './devices/device-manager.js';
import { parseMrz } from './documents/mrz/index.js';
import { DEFAULT_SESSION_OPTIONS, SessionManager, type SessionOptions } from './identity/sessions.js';
import { UserRepository } from './identity/users.js';
import type { KdfParams } from './identity/password.js';
import { chipCheck, expiryCheck, mrzCheck, mrzToDocument } from './inspection/checks.js';
import { InspectionRepository } from './inspection/inspections.js';
import { createLogger, type Logger } from './log.js';
import { ReviewCaseRepository, type NewReviewCase } from './review/review-cases.js';
import { WatchlistService, type WatchlistPolicy } from './watchlists/watchlist-service.js';
import type { ChipReaderDevice } from './devices/chip-reader-device.js';
import type { PcscChipReaderConfig } from './devices/pcsc-chip-reader.js';
import type { SimulatedChipReaderOptions } from './devices/simulated-chip-reader.js';
import { readChip, type ChipFace } from './documents/chip/chip-reader.js';
import { faceForDisplay, FaceDecodeError } from './documents/chip/face-display.js';
import { loadTrustDirectory, trustDirPath } from './documents/chip/trust-store-file.js';
import { TrustStore } from './documents/chip/trust-store.js';
import type { Check } from '../contract/index.js';

export const VERSION = '0.1.0';

export interface StationOptions {
  dataDir: string;
  mode: 'electron' | 'browser';
  simulators: boolean;
  documentReaders?: DocumentReaderConfig[];
  /** PC/SC chip readers; with one, it reads the chip of every document (simulated swipes too). */
  chipReaders?: PcscChipReaderConfig[];
  /** How the simulated chip reader's chips are personalised (tests, demonstrations). */
  simulatedChip?: SimulatedChipReaderOptions;
  log?: Logger;
  session?: Partial<SessionOptions>;
  /** Lower KDF cost for tests only. */
  kdf?: KdfParams;
  now?: () => Date;
  watchlistPolicy?: WatchlistPolicy;
}

export type EventTarget = { sessionId: string };
export type EventListener = <N extends EventName>(name: N, payload: EventPayload<N>, target?: EventTarget) => void;

export interface Station {
  readonly router: Router;
  readonly stationId: string;
  readonly db: Db;
  readonly audit: AuditLog;
  readonly users: UserRepository;
  readonly sessions: SessionManager;
  readonly inspections: InspectionRepository;
  readonly reviews: ReviewCaseRepository;
  readonly devices: DeviceManager;
  readonly watchlists: WatchlistService;
  /** Emits `done` with the inspection id when a chip read has been recorded (tests, benchmarks). */
  readonly chipReads: EventEmitter<{ done: [string] }>;
  onEvent(listener: EventListener): () => void;
  backup(destination: string): { path: string; bytes: number };
  close(): Promise<void>;
}

function stationIdentity(db: Db): { id: string; name: string } {
  const get = (k: string) => (db.prepare('SELECT value FROM settings WHERE key = ?').get(k) as { value: string } | undefined)?.value;
  let id = get('station.id');
  if (!id) {
    id = randomUUID();
    db.prepare("INSERT INTO settings(key, value) VALUES ('station.id', ?), ('station.name', ?)").run(id, 'Booth 1');
  }
  return { id, name: get('station.name') ?? 'Booth 1' };
}

export interface StationStore {
  db: Db;
  key: string;
  identity: { id: string; name: string };
  audit: AuditLog;
  users: UserRepository;
  inspections: InspectionRepository;
  reviews: ReviewCaseRepository;
}

/** The station's records without devices or sessions: what the CLI needs for admin commands. */
export function openStationStore(opts: { dataDir: string; kdf?: KdfParams; now?: () => Date }): StationStore {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const key = loadOrCreateStationKey(opts.dataDir);
  const db = openDatabase({ path: join(opts.dataDir, 'station.db'), key });
  const now = opts.now ?? (() => new Date());
  const identity = stationIdentity(db);
  const audit = new AuditLog(db, now);
  const users = new UserRepository(db, audit, opts.kdf);
  const inspections = new InspectionRepository(db, audit, identity.id, now);
  const reviews = new ReviewCaseRepository(db, audit, now);
  return { db, key, identity, audit, users, inspections, reviews };
}

export async function openStation(opts: StationOptions): Promise<Station> {
  const log = opts.log ?? createLogger('station');
  const now = opts.now ?? (() => new Date());
  const { db, key, identity, audit, users, inspections, reviews } = openStationStore(opts);
  const listeners = new Set<EventListener>();
  const emit: EventListener = (name, payload, target) => {
    for (const l of listeners) l(name, payload, target);
  };
  const sessions = new SessionManager(db, users, audit, { ...DEFAULT_SESSION_OPTIONS, ...opts.session }, (sessionId, state) =>
    emit('session.changed', state, { sessionId }),
  );
  const watchlists = new WatchlistService(opts.dataDir, log.child('watchlists'), now, opts.watchlistPolicy, key);
  watchlists.open();
  const devices = new DeviceManager({ simulators: opts.simulators, documentReaders: opts.documentReaders ?? [], chipReaders: opts.chipReaders ?? [], ...(opts.simulatedChip ? { simulatedChip: opts.simulatedChip } : {}), log: log.child('devices') });

  // The booth's trust anchors (CSCA master lists, certificates, CRLs imported with `borderpost trust
  // import`), reloaded when an import changed the trust index while the booth runs.
  let trust: { store: TrustStore; stamp: string } | null = null;
  const trustStore = (): TrustStore => {
    let stamp = 'none';
    try {
      const st = statSync(join(trustDirPath(opts.dataDir), 'index.json'));
      stamp = `${st.mtimeMs}:${st.size}`;
    } catch {
      // no trust imported yet: an empty store
    }
    if (!trust || trust.stamp !== stamp) trust = { store: loadTrustDirectory(opts.dataDir).store, stamp };
    return trust.store;
  };

  /**
   * The chip's face as stored, plus a copy the booth screen can show when it cannot show the stored
   * format (JPEG 2000 → PNG). A face that cannot be converted is still kept; the screen then has none.
   */
  const displayableFace = async (f: ChipFace, inspectionId: string) => {
    const stored = { mime: f.mime, bytes: Buffer.from(f.base64, 'base64'), width: f.width, height: f.height };
    if (f.mime === 'image/jpeg') return { ...stored, display: null };
    try {
      const shown = await faceForDisplay(stored);
      return { ...stored, width: stored.width ?? shown.width, height: stored.height ?? shown.height, display: { mime: shown.mime, bytes: shown.bytes } };
    } catch (e) {
      if (!(e instanceof FaceDecodeError)) throw e;
      log.warn('the chip face cannot be shown', { inspection: inspectionId, error: e.message });
      return { ...stored, display: null };
    }
  };

  /**
   * The last document whose chip could not be read because nothing lay on the chip reader yet: when
   * a document is laid on that reader within two minutes, and no other document was read meanwhile,
   * its chip is read then and the inspection updated (travellers hand over the passport after the
   * swipe). Only a reader that reports card presence can do this.
   */
  let awaitingCard: { inspectionId: string; lines: string[]; officerId: string | null; reader: ChipReaderDevice; at: number } | null = null;
  const AWAIT_CARD_MS = 120_000;
  const readWhenCardArrives = (reader: ChipReaderDevice) => {
    const waiting = awaitingCard;
    if (!waiting || waiting.reader !== reader || Date.now() - waiting.at > AWAIT_CARD_MS) return;
    if (inspections.get(waiting.inspectionId)?.status !== 'open') return;
    awaitingCard = null;
    startChipRead(waiting.inspectionId, waiting.lines, waiting.officerId, reader);
  };

  /** Optical MRZ first, then the chip: its steps replace the pending chip check when they are known. */
  const verifyChip = async (inspectionId: string, lines: string[], officerId: string | null, reader: ChipReaderDevice) => {
    let steps: Check[];
    let summary: Check;
    let face: Awaited<ReturnType<typeof displayableFace>> | null = null;
    let readOk = false;
    try {
      const presented = await reader.present(lines);
      if (!presented.chip) {
        steps = [];
        summary = { id: 'chip.read', status: 'not_possible', detail: presented.reason };
        if (presented.awaitCard && reader.onCardPresent) awaitingCard = { inspectionId, lines, officerId, reader, at: Date.now() };
      } else {
        const card = presented.chip;
        try {
          // A simulated issuer is trusted for its own simulated document only, in a store of its own.
          let store: TrustStore;
          if (card.simulatedTrust) {
            store = new TrustStore();
            store.addCertificate(card.simulatedTrust.cscaDer, 'simulated issuer');
            store.addCrl(card.simulatedTrust.crlDer);
          } else {
            store = trustStore();
          }
          const r = await readChip(card.transmit, { mrz: lines }, { trust: store, now: now(), atr: card.atr });
          readOk = r.stoppedBy === undefined || r.stoppedBy.code === 'access_refused' || r.stoppedBy.code === 'chip_error';
          steps = r.steps.filter((x) => x.id !== 'chip.read').map((x) => ({ id: x.id.startsWith('chip.') ? x.id : `chip.${x.id}`, status: x.status, detail: x.detail }));
          const failed = r.steps.filter((x) => x.status === 'fail');
          summary =
            r.verdict === 'pass'
              ? { id: 'chip.read', status: 'pass', detail: `chip verified: ${r.steps.length} steps passed (${r.apduCount} APDUs, ${Math.round(r.elapsedMs)} ms)` }
              : r.verdict === 'fail'
                ? { id: 'chip.read', status: 'fail', detail: `the chip failed: ${failed.map((x) => x.detail).join('; ')}` }
                : { id: 'chip.read', status: 'warn', detail: 'the chip could not be fully verified: see the steps below' };
          if (r.face) face = await displayableFace(r.face, inspectionId);
        } finally {
          await card.release();
        }
      }
    } catch (e) {
      steps = [];
      summary = { id: 'chip.read', status: 'fail', detail: `the chip could not be read: ${(e as Error).message}` };
    }
    reader.recordRead(readOk);
    try {
      const { updated, opened } = db.transaction(() => {
        const cur = inspections.get(inspectionId)!;
        const at = cur.checks.findIndex((c) => c.id === 'chip.read');
        const checks = [...cur.checks.slice(0, at), summary, ...steps, ...cur.checks.slice(at + 1)];
        const updated = inspections.updateChecks(inspectionId, checks);
        if (face) inspections.saveFace(inspectionId, face);
        const opened =
          summary.status === 'fail'
            ? [reviews.create({ inspectionId, source: 'document.check', severity: 'high', instruction: 'Refer to supervisor: the document chip failed verification', alert: { check: 'chip.read' }, score: null, explanation: steps.filter((x) => x.status === 'fail').map((x) => ({ feature: x.id, detail: x.detail, value: null })) }, officerId)]
            : [];
        return { updated, opened };
      })();
      for (const c of opened) emit('review.updated', c);
      emit('inspection.updated', updated);
      chipReads.emit('done', inspectionId);
      // A document laid on the reader while this read was being recorded is not missed.
      if (awaitingCard?.inspectionId === inspectionId && reader.hasCard?.()) readWhenCardArrives(reader);
    } catch (e) {
      log.error('could not record the chip read', { inspection: inspectionId, error: (e as Error).message });
    }
  };
  const chipReads = new EventEmitter<{ done: [string] }>();
  const chipInFlight = new Set<Promise<void>>();
  /** Reads a chip in the background; close() waits for the reads still running. */
  const startChipRead = (inspectionId: string, lines: string[], officerId: string | null, reader: ChipReaderDevice) => {
    const pending = verifyChip(inspectionId, lines, officerId, reader);
    chipInFlight.add(pending);
    void pending.finally(() => chipInFlight.delete(pending));
  };

  const onRead = (read: DocumentRead) => {
    try {
      const result = parseMrz(read.lines, { today: now() });
      const document = mrzToDocument(result);
      watchlists.reopen();
      const listed = watchlists.check(document);
      const mrz = mrzCheck(result);
      const chipReader = document !== null ? devices.chipReaderFor(read.deviceId) : null;
      const checks = [mrz, expiryCheck(document, now()), chipCheck({ chipReader: chipReader !== null }), ...listed.checks];
      const officer = sessions.activeBoothUser();
      const raised: Array<Omit<NewReviewCase, 'inspectionId'>> = [...listed.cases];
      // A document whose MRZ fails its own check digits may be forged or damaged: a supervisor looks.
      if (mrz.status === 'fail' && document) {
        raised.push({
          source: 'document.check',
          severity: 'medium',
          instruction: 'Refer to supervisor: the document failed its MRZ checks',
          alert: { check: mrz.id },
          score: null,
          explanation: [{ feature: mrz.id, detail: mrz.detail, value: null }],
        });
      }
      const { inspection, opened } = db.transaction(() => {
        const inspection = inspections.create({ officerId: officer?.id ?? null, sourceDeviceId: read.deviceId, document, checks });
        const opened = raised.map((c) => reviews.create({ ...c, inspectionId: inspection.id }, officer?.id ?? null));
        return { inspection, opened };
      })();
      for (const c of opened) emit('review.updated', c);
      log.info('document read', { device: read.deviceId, inspection: inspection.id, format: result.format, valid: result.valid });
      emit('inspection.updated', inspection);
      awaitingCard = null;
      if (chipReader) startChipRead(inspection.id, read.lines, officer?.id ?? null, chipReader);
    } catch (e) {
      log.error('could not record a document read', { device: read.deviceId, error: (e as Error).message });
    }
  };
  devices.on('read', onRead);
  devices.on('changed', (list) => emit('devices.changed', list));

  const requireSession = (id: string | null) => {
    if (!id) throw new ContractError('UNAUTHENTICATED', 'sign in first');
    return id;
  };

  const handlers: Handlers = {
    'app.info': () => ({
      version: VERSION,
      mode: opts.mode,
      stationId: identity.id,
      stationName: identity.name,
      needsSetup: users.count() === 0,
      simulators: opts.simulators,
    }),
    'setup.createAdmin': (input) => users.create({ ...input, role: 'admin' }, null, { onlyIfEmpty: true }),
    'session.current': (_i, ctx) => sessions.state(ctx.connection.sessionId),
    'session.signIn': async (input, ctx) => {
      if (ctx.connection.sessionId) sessions.signOut(ctx.connection.sessionId);
      ctx.connection.sessionId = null;
      const { sessionId, state } = await sessions.signIn(input.username, input.password);
      ctx.connection.sessionId = sessionId;
      return state;
    },
    'session.unlock': (input, ctx) => sessions.unlock(requireSession(ctx.connection.sessionId), input.password),
    'session.lock': (_i, ctx) => sessions.lock(requireSession(ctx.connection.sessionId)),
    'session.signOut': (_i, ctx) => {
      const state = sessions.signOut(requireSession(ctx.connection.sessionId));
      ctx.connection.sessionId = null;
      return state;
    },
    'users.list': () => users.list(),
    'users.create': (input, ctx) => users.create(input, ctx.session!.userId),
    'inspections.current': () => inspections.latest(),
    'inspections.list': (input) => inspections.list(input.limit),
    'inspections.face': (input) => inspections.face(input.id),
    'inspections.get': (input) => {
      const found = inspections.get(input.id);
      if (!found) throw new ContractError('NOT_FOUND', 'no such inspection');
      return found;
    },
    'inspections.decide': (input, ctx) => {
      const officerId = ctx.session!.userId;
      const { decided, opened } = db.transaction(() => {
        const decided: Inspection = inspections.decide(input, officerId);
        // A referral to secondary inspection is the supervisor's to handle.
        const opened =
          input.outcome === 'refer'
            ? reviews.create(
                {
                  inspectionId: decided.id,
                  source: 'referral',
                  severity: 'medium',
                  instruction: 'Referred to secondary inspection',
                  alert: { referredBy: ctx.session!.username, ...(input.note ? { note: input.note } : {}) },
                  score: null,
                  explanation: [],
                },
                officerId,
              )
            : null;
        return { decided, opened };
      })();
      emit('inspection.updated', decided);
      if (opened) emit('review.updated', opened);
      return decided;
    },
    'review.list': () => inspections.forReview(),
    'review.cases': (input) => reviews.list({ status: input.status, limit: input.limit }),
    'review.decide': (input, ctx) => {
      const updated = reviews.decide(input, ctx.session!.userId);
      emit('review.updated', updated);
      return updated;
    },
    'devices.list': () => devices.list(),
    'devices.simulateRead': async (input, ctx) => {
      if (!opts.simulators) throw new ContractError('FORBIDDEN', 'simulated devices are switched off at this station');
      audit.append({ actor: ctx.session!.userId, action: 'device.simulate_read', subject: input.deviceId ?? null });
      await devices.simulateRead(input.mrz, input.deviceId, input.chip);
      return { ok: true as const };
    },
    'watchlists.status': () => watchlists.status(),
    'audit.verify': () => audit.verify(),
  };

  const router = new Router(handlers, sessions, log.child('router'));
  await devices.start();
  for (const reader of devices.chipReaderList()) reader.onCardPresent?.(() => readWhenCardArrives(reader));
  sessions.start();
  audit.append({ actor: null, action: 'station.start', details: { mode: opts.mode, simulators: opts.simulators, version: VERSION } });

  let closed = false;
  return {
    router,
    stationId: identity.id,
    db,
    audit,
    users,
    sessions,
    inspections,
    reviews,
    devices,
    watchlists,
    chipReads,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    backup: (destination) => backupDatabase(db, destination, key),
    async close() {
      if (closed) return;
      closed = true;
      sessions.stop();
      await devices.close();
      await Promise.allSettled([...chipInFlight]);
      watchlists.close();
      audit.append({ actor: null, action: 'station.stop' });
      db.close();
    },
  };
}
