/**
 * The station side of the utility-process link (see station-protocol.ts). Runs inside the utility
 * process; takes its port and the station opener as arguments, so it is tested in plain Node and
 * does not import `electron` or the station core.
 */
import type { EventName } from '../contract/names.js';
import type { Reply } from '../contract/errors.js';
import type { Connection } from '../station/api/router.js';
import { errorMessage, type Logger } from './log.js';
import { parseMainToStation, unavailable, type StationStartOptions, type StationToMain } from './station-protocol.js';

/** What this endpoint needs from the station core (`openStation` in ../station/station.ts). */
export interface StationCore {
  router: {
    dispatch(connection: Connection, name: unknown, input: unknown): Promise<Reply<unknown>>;
    mayReceive(connection: Connection, event: EventName): boolean;
  };
  onEvent(listener: (name: EventName, payload: unknown, target?: { sessionId: string }) => void): () => void;
  close(): Promise<void>;
}

export type OpenStationCore = (options: StationStartOptions) => Promise<StationCore>;

/** `process.parentPort` in a utility process. */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export interface StationEndpointOptions {
  port: ParentPortLike;
  open: OpenStationCore;
  log: Logger;
  exit: (code: number) => void;
}

/** Which connections an event goes to: the target session's (if any), and only those the router allows. */
export function eventRecipients(
  connections: Iterable<Connection>,
  router: StationCore['router'],
  name: EventName,
  target?: { sessionId: string },
): string[] {
  const ids: string[] = [];
  for (const connection of connections) {
    if (target && connection.sessionId !== target.sessionId) continue;
    if (router.mayReceive(connection, name)) ids.push(connection.id);
  }
  return ids;
}

export function serveStation({ port, open, log, exit }: StationEndpointOptions): void {
  const connections = new Map<string, Connection>();
  let station: Promise<StationCore> | null = null;
  let closing = false;
  const post = (message: StationToMain) => port.postMessage(message);

  const connectionFor = (id: string): Connection => {
    let connection = connections.get(id);
    if (!connection) {
      connection = { id, sessionId: null };
      connections.set(id, connection);
    }
    return connection;
  };

  const start = (options: StationStartOptions) => {
    station = open(options);
    station.then(
      (core) => {
        core.onEvent((name, payload, target) => {
          const connectionIds = eventRecipients(connections.values(), core.router, name, target);
          if (connectionIds.length > 0) post({ t: 'event', name, payload, connectionIds });
        });
        log.info('station open', { dataDir: options.dataDir, simulators: options.simulators });
        post({ t: 'ready' });
      },
      (e: unknown) => {
        log.error('station failed to open', { error: errorMessage(e) });
        post({ t: 'fatal', message: errorMessage(e) });
        exit(1);
      },
    );
  };

  const answer = async (connectionId: string, name: string, input: unknown): Promise<Reply<unknown>> => {
    if (!station || closing) return unavailable('the station is not running');
    let core: StationCore;
    try {
      core = await station;
    } catch {
      return unavailable('the station failed to start');
    }
    try {
      return await core.router.dispatch(connectionFor(connectionId), name, input);
    } catch (e) {
      // The router promises never to throw; if it does, the caller still gets an answer.
      log.error('router threw', { call: name.slice(0, 64), error: errorMessage(e) });
      return { ok: false, error: { code: 'INTERNAL', message: 'the station could not complete this call; it has been logged' } };
    }
  };

  const call = async (id: number, connectionId: string, name: string, input: unknown) => {
    post({ t: 'reply', id, reply: await answer(connectionId, name, input) });
  };

  // A window that is gone cannot sign out; its session must not stay open (and count as the
  // booth's active officer) until the idle lock. Signing out through the router audits it.
  const disconnect = async (connectionId: string) => {
    const connection = connections.get(connectionId);
    connections.delete(connectionId);
    if (!connection?.sessionId || !station || closing) return;
    try {
      const reply = await (await station).router.dispatch(connection, 'session.signOut', {});
      if (!reply.ok && reply.error.code !== 'UNAUTHENTICATED') log.warn('sign-out of a closed window failed', { code: reply.error.code });
    } catch (e) {
      log.warn('sign-out of a closed window failed', { error: errorMessage(e) });
    }
  };

  const close = async () => {
    if (closing) return;
    closing = true;
    try {
      if (station) await (await station).close();
    } catch (e) {
      log.error('station close failed', { error: errorMessage(e) });
    }
    post({ t: 'closed' });
    exit(0);
  };

  port.on('message', (event) => {
    const message = parseMainToStation(event.data);
    if (!message) {
      log.warn('malformed message from main ignored');
      return;
    }
    switch (message.t) {
      case 'start':
        if (station) log.warn('duplicate start ignored');
        else start(message.options);
        return;
      case 'connect':
        connectionFor(message.connectionId);
        return;
      case 'disconnect':
        void disconnect(message.connectionId);
        return;
      case 'call':
        void call(message.id, message.connectionId, message.name, message.input);
        return;
      case 'close':
        void close();
        return;
    }
  });
}
