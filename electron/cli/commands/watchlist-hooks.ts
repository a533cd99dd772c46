/**
 * HOOKS for the lost/stolen DOCUMENTS list in the shared `watchlist` commands.
 *
 * `borderpost watchlist import <file> --kind documents`, `borderpost watchlist check --document …`
 * and the `documents` part of `borderpost watchlist stats` dispatch to the functions below. Until the
 * documents list module installs its implementation they answer UsageError('documents list support
 * is not installed') (exit 2), and stats reports `{ installed: false }`.
 *
 * To install (documents engineer): in your command module, call
 *   installDocumentListHooks({ importDocuments, checkDocument, documentStats, checkOptions, importOptions })
 * and import that module for its side effect from commands/index.ts, before COMMANDS is read.
 * `checkOptions`/`importOptions` add options (with descriptions, see command.ts opt()) to
 * `watchlist check`/`watchlist import`, since option parsing is strict. `--document` and `--format`
 * already exist. Each function prints its own output through `io` and returns the exit code.
 */
import { UsageError, type Io, type Options, type Parsed } from '../command.js';

export const DOCUMENTS_NOT_INSTALLED = 'documents list support is not installed';

export interface DocumentImportRequest {
  file: string;
  /** `--format` as given (undefined when absent: infer it). */
  format?: string;
  dataDir: string;
  json: boolean;
  values: Parsed['values'];
  io: Io;
}

export interface DocumentCheckRequest {
  /** `--document` as typed or read from the MRZ. */
  document: string;
  dataDir: string;
  json: boolean;
  values: Parsed['values'];
  io: Io;
}

export interface DocumentListHooks {
  importDocuments(request: DocumentImportRequest): Promise<number>;
  checkDocument(request: DocumentCheckRequest): Promise<number>;
  /** Goes under `documents` in `watchlist stats --json`. */
  documentStats(dataDir: string, env: NodeJS.ProcessEnv): unknown;
  checkOptions?: Options;
  importOptions?: Options;
}

let installed: DocumentListHooks | undefined;

/** Installs (or, with undefined, removes) the documents implementation. */
export function installDocumentListHooks(hooks: DocumentListHooks | undefined): void {
  installed = hooks;
}

/** The installed implementation, if any (tests swap it and put it back). */
export function installedDocumentListHooks(): DocumentListHooks | undefined {
  return installed;
}

/** HOOK: `watchlist import --kind documents`. */
export async function importDocumentsHook(request: DocumentImportRequest): Promise<number> {
  if (!installed) throw new UsageError(DOCUMENTS_NOT_INSTALLED);
  return installed.importDocuments(request);
}

/** HOOK: `watchlist check --document`. */
export async function checkDocumentHook(request: DocumentCheckRequest): Promise<number> {
  if (!installed) throw new UsageError(DOCUMENTS_NOT_INSTALLED);
  return installed.checkDocument(request);
}

/** HOOK: the `documents` part of `watchlist stats`. */
export function documentStatsHook(dataDir: string, env: NodeJS.ProcessEnv): unknown {
  if (!installed) return { installed: false, message: DOCUMENTS_NOT_INSTALLED };
  return installed.documentStats(dataDir, env);
}

export function documentCheckOptions(): Options {
  return installed?.checkOptions ?? {};
}

export function documentImportOptions(): Options {
  return installed?.importOptions ?? {};
}
