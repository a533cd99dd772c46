/**
 * The IPC gate: the only `ipcMain` handler. A message is refused before anything else runs unless
 * it comes from the top frame of a web contents showing the app's own origin; an accepted call is
 * relayed to the station under that web contents' connection id, and the station's Reply returned.
 * Station events go back only to the connections the station named.
 */
import { randomUUID } from 'node:crypto';
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../contract/names.js';
import type { Reply } from '../contract/errors.js';
import type { Logger } from './log.js';
import { isAppUrl, isTrustedOrigin, type TrustedOrigins } from './security.js';
import { MAX_CALL_NAME_LENGTH } from './station-protocol.js';
import type { StationClient } from './station-process.js';

type GateContents = Pick<WebContents, 'id' | 'mainFrame' | 'send' | 'isDestroyed' | 'once'>;

export interface IpcGateOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  station: StationClient;
  trusted: TrustedOrigins;
  log: Pick<Logger, 'warn'>;
  newConnectionId?: () => string;
}

export interface IpcGate {
  /** Gives a window its connection now, so it receives public events before its first call. */
  attach(contents: WebContents): string;
  /** Removes the handler and forgets every connection. */
  dispose(): void;
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

/** Top frame, attached, and showing the app's own origin; `senderFrame` is null once the frame is gone. */
export function checkSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, trusted: TrustedOrigins): SenderVerdict {
  const frame = event.senderFrame;
  if (!frame) return { ok: false, reason: 'sender frame is gone' };
  if (frame.detached) return { ok: false, reason: 'sender frame is detached' };
  if (frame.parent !== null || frame !== event.sender.mainFrame) return { ok: false, reason: 'sub-frame' };
  if (!isTrustedOrigin(frame.origin, trusted) || !isAppUrl(frame.url, trusted)) return { ok: false, reason: 'foreign origin' };
  return { ok: true };
}

function forbidden(): Reply<never> {
  return { ok: false, error: { code: 'FORBIDDEN', message: 'this page may not use the station' } };
}

export function installIpcGate(options: IpcGateOptions): IpcGate {
  const { ipcMain, station, trusted, log } = options;
  const newConnectionId = options.newConnectionId ?? randomUUID;
  const connectionByContents = new Map<number, string>();
  const contentsByConnection = new Map<string, GateContents>();

  const connectionFor = (contents: GateContents): string => {
    const known = connectionByContents.get(contents.id);
    if (known) return known;
    const connectionId = newConnectionId();
    connectionByContents.set(contents.id, connectionId);
    contentsByConnection.set(connectionId, contents);
    station.connect(connectionId);
    contents.once('destroyed', () => {
      connectionByContents.delete(contents.id);
      contentsByConnection.delete(connectionId);
      station.disconnect(connectionId);
    });
    return connectionId;
  };

  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, name: unknown, input: unknown): Promise<Reply<unknown>> => {
    const verdict = checkSender(event, trusted);
    if (!verdict.ok) {
      log.warn('ipc call refused', {
        reason: verdict.reason,
        url: event.senderFrame?.url.slice(0, 256) ?? null,
        call: typeof name === 'string' ? name.slice(0, 64) : null,
      });
      return forbidden();
    }
    if (typeof name !== 'string' || name.length > MAX_CALL_NAME_LENGTH) {
      return { ok: false, error: { code: 'UNKNOWN_CALL', message: 'unknown call' } };
    }
    return station.call(connectionFor(event.sender), name, input);
  });

  const stopEvents = station.onEvent((name, payload, connectionIds) => {
    for (const connectionId of connectionIds) {
      const contents = contentsByConnection.get(connectionId);
      if (!contents || contents.isDestroyed()) continue;
      // The top frame may only show the app (navigation is refused), but check before every send.
      const frame = contents.mainFrame;
      if (!isTrustedOrigin(frame.origin, trusted)) continue;
      contents.send(IPC_EVENT_CHANNEL, name, payload);
    }
  });

  return {
    attach: (contents) => connectionFor(contents),
    dispose: () => {
      ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
      stopEvents();
      for (const connectionId of contentsByConnection.keys()) station.disconnect(connectionId);
      contentsByConnection.clear();
      connectionByContents.clear();
    },
  };
}
