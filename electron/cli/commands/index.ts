import type { Command } from '../command.js';
import { auditVerify } from './audit-verify.js';
import { dbBackup } from './db-backup.js';
import { serve } from './serve.js';
import { simulateDocumentReader } from './simulate-document-reader.js';
import { userAdd } from './user-add.js';
import { WATCHLIST_BUNDLE_COMMANDS } from './watchlist-bundle.js';
import { TRUST_COMMANDS } from './trust.js';
import { simulateChip } from './simulate-chip.js';
// Installs the documents-list hooks; must run before watchlist-persons.ts builds its options.
import './watchlist-documents.js';
import { WATCHLIST_COMMANDS } from './watchlist-persons.js';
import { chipRead } from './chip-read.js';
import { mrzParse } from './mrz-parse.js';

export const COMMANDS: Command[] = [serve, userAdd, auditVerify, dbBackup, simulateDocumentReader, ...WATCHLIST_BUNDLE_COMMANDS, ...TRUST_COMMANDS, simulateChip, ...WATCHLIST_COMMANDS, chipRead, mrzParse];
