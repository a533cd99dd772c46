/**
 * Sandboxed preload: exposes `window.borderpost` (invoke/subscribe) and nothing else.
 * Bundled to CommonJS (`out/preload/index.cjs`): sandboxed preloads cannot be ES modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBorderpostApi } from './api.js';

contextBridge.exposeInMainWorld('borderpost', createBorderpostApi(ipcRenderer));
