/**
 * Entry of the station utility process (`utilityProcess.fork` from station-process.ts). Plain Node:
 * it must not import `electron`; Electron gives it `process.parentPort` to talk to main.
 */
import { devicesFromEnvironment } from '../station/devices/device-config.js';
import { openStation } from '../station/station.js';
import { createLogger } from './log.js';
import { serveStation, type ParentPortLike } from './station-endpoint.js';

const log = createLogger('station-process');
const port = (process as unknown as { parentPort?: ParentPortLike }).parentPort;

if (!port) {
  log.error('station-utility must run in an Electron utility process (process.parentPort is missing)');
  process.exit(2);
}

serveStation({
  port,
  log,
  // Real devices are named in the environment (BORDERPOST_DOCUMENT_READER, BORDERPOST_CHIP_READER).
  open: (options) => openStation({ dataDir: options.dataDir, mode: 'electron', simulators: options.simulators, ...devicesFromEnvironment(process.env), log: createLogger('station') }),
  exit: (code) => process.exit(code),
});
