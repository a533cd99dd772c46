/**
 * Builds the Electron app into out/:
 *   out/main/index.js             Electron main (ESM)
 *   out/main/station-utility.js   the station, run by `utilityProcess.fork` (ESM)
 *   out/preload/index.cjs         the sandboxed preload: one CommonJS file, because a sandboxed
 *                                 preload can neither be an ES module nor require anything but `electron`
 *   out/renderer/                 the React UI, served on borderpost://app
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Native or optional modules the station loads at run time: never bundled. */
const RUNTIME_MODULES = [
  'better-sqlite3',
  'better-sqlite3-multiple-ciphers',
  'serialport',
  '@serialport/bindings-cpp',
  'node-hid',
  'pcsclite',
  'onnxruntime-node',
  'ws',
  'bufferutil',
  'utf-8-validate',
  // JPEG 2000 faces: CommonJS glue that reads its .wasm from its own folder; loaded with createRequire
  // (electron/station/documents/chip/face-display-openjpeg.ts, simulators/chip/epassport/jpeg2000.ts).
  '@cornerstonejs/codec-openjpeg',
];

export default defineConfig({
  main: {
    build: {
      outDir: here('out/main'),
      externalizeDeps: { include: RUNTIME_MODULES },
      rolldownOptions: {
        input: {
          index: here('electron/main/index.ts'),
          'station-utility': here('electron/main/station-utility.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: here('out/preload'),
      // Bundle everything (only `electron` stays external): the sandbox has no module loader.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: here('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: here('renderer'),
    plugins: [react()],
    build: {
      outDir: here('out/renderer'),
      rolldownOptions: {
        input: here('renderer/index.html'),
      },
    },
  },
});
