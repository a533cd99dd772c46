import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startBrowserHost } from '../../browser-host/server.js';
import { openStation } from '../../station/station.js';
import { createLogger } from '../../station/log.js';
import { DeviceSpecError, parseChipReaderSpec, parseDocumentReaderSpec } from '../../station/devices/device-config.js';
import type { DocumentReaderConfig } from '../../station/devices/device-manager.js';
import type { PcscChipReaderConfig } from '../../station/devices/pcsc-chip-reader.js';
import { EXIT, opt, str, strs, UsageError, type Command } from '../command.js';

export const RENDERER_DIR = fileURLToPath(new URL('../../../renderer/dist', import.meta.url));

export function parseReaderSpec(spec: string, index: number): DocumentReaderConfig {
  try {
    return parseDocumentReaderSpec(spec, index);
  } catch (e) {
    if (e instanceof DeviceSpecError) throw new UsageError(`--document-reader: ${e.message}`);
    throw e;
  }
}

function parseChipSpec(spec: string, index: number): PcscChipReaderConfig {
  try {
    return parseChipReaderSpec(spec, index);
  } catch (e) {
    if (e instanceof DeviceSpecError) throw new UsageError(`--chip-reader: ${e.message}`);
    throw e;
  }
}

export const serve: Command = {
  path: ['serve'],
  summary: 'run the workstation in browser mode on 127.0.0.1',
  usage: '[--port <n>] [--no-simulators] [--document-reader <path>[,rte|desko]] [--chip-reader pcsc[:<reader name>]]',
  options: {
    port: opt({ type: 'string', description: 'TCP port on 127.0.0.1 (default: a free port)' }),
    'no-simulators': opt({ type: 'boolean', description: 'do not attach simulated devices' }),
    'document-reader': opt({ type: 'string', multiple: true, description: 'attach a serial document reader' }),
    'chip-reader': opt({ type: 'string', description: 'read chips with a PC/SC reader through pcscd: pcsc (the first reader) or pcsc:<reader name>' }),
  },
  async run(args, io) {
    const port = str(args.values.port) !== undefined ? Number(args.values.port) : Number(io.env.BORDERPOST_PORT ?? 0);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0..65535');
    const readers = [...strs(args.values['document-reader']), ...(io.env.BORDERPOST_DOCUMENT_READER ? [io.env.BORDERPOST_DOCUMENT_READER] : [])].map(parseReaderSpec);
    const chipSpec = str(args.values['chip-reader']) ?? io.env.BORDERPOST_CHIP_READER;
    const chipReaders = chipSpec ? [parseChipSpec(chipSpec, 0)] : [];
    const simulators = args.values['no-simulators'] !== true && io.env.BORDERPOST_SIMULATORS !== '0';
    if (!existsSync(`${RENDERER_DIR}/index.html`)) throw new Error('the renderer is not built: run `npm run build:renderer` (npm start does this for you)');
    const log = createLogger('station');
    const station = await openStation({ dataDir: args.dataDir, mode: 'browser', simulators, documentReaders: readers, chipReaders, log });
    const host = await startBrowserHost({ station, rendererDir: RENDERER_DIR, port, log: log.child('browser-host'), token: io.env.BORDERPOST_LAUNCH_TOKEN });
    if (args.json) io.json({ url: host.url, origin: host.origin, port: host.port, dataDir: args.dataDir, simulators });
    else io.out(`Borderpost is running in browser mode.\nOpen ${host.url}\nData: ${args.dataDir}\nPress Ctrl+C to stop.`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    // A booth must be able to restart: if shutting down hangs (a device that never closes), leave anyway.
    const deadline = setTimeout(() => {
      log.error('shutdown did not finish within 10 s; exiting without it');
      process.exit(1);
    }, 10_000);
    deadline.unref();
    await host.close();
    await station.close();
    clearTimeout(deadline);
    return EXIT.OK;
  },
};
