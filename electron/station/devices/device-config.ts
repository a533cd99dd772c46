/**
 * Which real devices a booth has, from the command line or the environment (the same words for
 * `borderpost serve` and for the Electron app, whose station process inherits the environment):
 *
 *   BORDERPOST_DOCUMENT_READER=/dev/ttyUSB0[,rte|desko]    a serial document reader
 *   BORDERPOST_CHIP_READER=pcsc[:<reader name>]             a PC/SC chip reader (first reader, or by name)
 */
import type { DocumentReaderConfig } from './device-manager.js';
import type { PcscChipReaderConfig } from './pcsc-chip-reader.js';

export class DeviceSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeviceSpecError';
  }
}

export function parseDocumentReaderSpec(spec: string, index: number): DocumentReaderConfig {
  const [path, protocol = 'rte'] = spec.split(',');
  if (!path || (protocol !== 'rte' && protocol !== 'desko')) throw new DeviceSpecError(`a document reader is <path>[,rte|desko], got "${spec}"`);
  return { id: `document-reader-${index + 1}`, path, protocol };
}

export function parseChipReaderSpec(spec: string, index: number): PcscChipReaderConfig {
  const m = /^pcsc(?::(.+))?$/.exec(spec.trim());
  if (!m) throw new DeviceSpecError(`a chip reader is pcsc or pcsc:<reader name>, got "${spec}"`);
  const reader = m[1]?.trim();
  return { id: `chip-reader-${index + 1}`, ...(reader ? { reader } : {}) };
}

export interface ConfiguredDevices {
  documentReaders: DocumentReaderConfig[];
  chipReaders: PcscChipReaderConfig[];
}

/** Devices named in the environment (the Electron app's only way to be told). */
export function devicesFromEnvironment(env: NodeJS.ProcessEnv): ConfiguredDevices {
  return {
    documentReaders: env.BORDERPOST_DOCUMENT_READER ? [parseDocumentReaderSpec(env.BORDERPOST_DOCUMENT_READER, 0)] : [],
    chipReaders: env.BORDERPOST_CHIP_READER ? [parseChipReaderSpec(env.BORDERPOST_CHIP_READER, 0)] : [],
  };
}
