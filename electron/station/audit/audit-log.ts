/**
 * Append-only, hash-chained audit log. Each entry's hash covers its own fields and the previous
 * entry's hash, so an edit, a deletion or a reordering breaks the chain at the first entry touched.
 * The head (last seq and hash) is kept in settings as well, which catches a truncated tail; HQ keeps
 * a copy of the head on every sync, which is the anchor an attacker with the key cannot rewrite.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryInput {
  actor: string | null;
  action: string;
  subject?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string | null;
  action: string;
  subject: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  entries: number;
  firstBad: { seq: number; reason: string } | null;
}

export function entryHash(prevHash: string, e: Pick<AuditEntry, 'seq' | 'at' | 'actor' | 'action' | 'subject' | 'details'>): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(JSON.stringify([e.seq, e.at, e.actor, e.action, e.subject, e.details]))
    .digest('hex');
}

export class AuditLog {
  private readonly last;
  private readonly insert;
  private readonly setHead;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.insert = db.prepare(
      'INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @subject, @details, @prev_hash, @hash)',
    );
    this.setHead = db.prepare("INSERT INTO settings(key, value) VALUES ('audit.head', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  }

  /** Appends one entry. Call inside the transaction that makes the change being audited. */
  append(input: AuditEntryInput): AuditEntry {
    const prev = this.last.get();
    const entry: Omit<AuditEntry, 'hash'> = {
      seq: (prev?.seq ?? 0) + 1,
      at: this.now().toISOString(),
      actor: input.actor,
      action: input.action,
      subject: input.subject ?? null,
      details: JSON.stringify(input.details ?? {}),
      prev_hash: prev?.hash ?? GENESIS_HASH,
    };
    const full: AuditEntry = { ...entry, hash: entryHash(entry.prev_hash, entry) };
    this.insert.run(full);
    this.setHead.run(JSON.stringify({ seq: full.seq, hash: full.hash }));
    return full;
  }

  list(limit = 100): AuditEntry[] {
    return this.db.prepare<[number], AuditEntry>('SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?').all(limit);
  }

  /** Walks the whole chain and names the first entry that does not belong where it is. */
  verify(): AuditVerifyResult {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let entries = 0;
    const rows = this.db.prepare<[], AuditEntry>('SELECT * FROM audit_log ORDER BY seq ASC').iterate();
    for (const row of rows) {
      entries++;
      const bad = (reason: string) => ({ ok: false, entries, firstBad: { seq: row.seq, reason } });
      if (row.seq !== expectedSeq) {
        return bad(row.seq > expectedSeq ? `entry ${expectedSeq} is missing (deleted) before entry ${row.seq}` : `entry ${row.seq} is out of sequence`);
      }
      if (row.prev_hash !== prevHash) return bad(`entry ${row.seq} does not follow entry ${row.seq - 1} (chain link broken: deleted, inserted or reordered)`);
      if (entryHash(row.prev_hash, row) !== row.hash) return bad(`entry ${row.seq} was modified after it was written`);
      prevHash = row.hash;
      expectedSeq++;
    }
    const headRow = this.db.prepare<[], { value: string }>("SELECT value FROM settings WHERE key = 'audit.head'").get();
    if (headRow) {
      const head = JSON.parse(headRow.value) as { seq: number; hash: string };
      if (head.seq !== expectedSeq - 1 || head.hash !== prevHash) {
        return { ok: false, entries, firstBad: { seq: expectedSeq, reason: `entries after ${expectedSeq - 1} are missing (the log was truncated; last recorded entry is ${head.seq})` } };
      }
    }
    return { ok: true, entries, firstBad: null };
  }
}
