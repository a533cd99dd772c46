/**
 * Cases for the supervisor: every watch-list hit, failed document check and referral becomes one.
 * A supervisor confirms or dismisses it with a written reason; dismissing a high-severity case
 * needs a second, different supervisor (four-eyes). Cases and decisions travel to HQ: UUIDv7 ids,
 * versions, and audit + outbox rows written in the same transaction.
 */
import { ContractError, type ReviewCase, type TravelDocument } from '../../contract/index.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';
import { uuidv7 } from '../ids.js';

type Source = ReviewCase['source'];
type Severity = ReviewCase['severity'];
type Status = ReviewCase['status'];

export interface NewReviewCase {
  inspectionId: string;
  source: Source;
  severity: Severity;
  instruction: string;
  alert: Record<string, string>;
  score: number | null;
  explanation: ReviewCase['explanation'];
}

interface CaseRow {
  id: string;
  version: number;
  inspection_id: string;
  created_at: string;
  updated_at: string;
  source: Source;
  severity: Severity;
  status: Status;
  instruction: string;
  alert: string;
  score: number | null;
  explanation: string;
  document: string | null;
}

interface DecisionRow {
  case_id: string;
  verdict: 'confirm' | 'dismiss';
  reason: string;
  decided_by: string;
  display_name: string;
  decided_at: string;
}

const SELECT_CASES = `SELECT c.*, i.document AS document FROM review_cases c JOIN inspections i ON i.id = c.inspection_id`;

export class ReviewCaseRepository {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private decisionsFor(ids: string[]): Map<string, ReviewCase['decisions']> {
    const out = new Map<string, ReviewCase['decisions']>();
    if (ids.length === 0) return out;
    const rows = this.db
      .prepare<string[], DecisionRow>(
        `SELECT d.case_id, d.verdict, d.reason, d.decided_by, u.display_name, d.decided_at
         FROM review_decisions d JOIN users u ON u.id = d.decided_by
         WHERE d.case_id IN (${ids.map(() => '?').join(',')}) ORDER BY d.id`,
      )
      .all(...ids);
    for (const r of rows) {
      const list = out.get(r.case_id) ?? [];
      list.push({ verdict: r.verdict, reason: r.reason, decidedBy: r.decided_by, decidedByName: r.display_name, decidedAt: r.decided_at });
      out.set(r.case_id, list);
    }
    return out;
  }

  private hydrate(rows: CaseRow[]): ReviewCase[] {
    const decisions = this.decisionsFor(rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      version: r.version,
      inspectionId: r.inspection_id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      source: r.source,
      severity: r.severity,
      status: r.status,
      instruction: r.instruction,
      alert: JSON.parse(r.alert) as Record<string, string>,
      score: r.score,
      explanation: JSON.parse(r.explanation) as ReviewCase['explanation'],
      traveller: r.document ? (JSON.parse(r.document) as TravelDocument) : null,
      decisions: decisions.get(r.id) ?? [],
    }));
  }

  get(id: string): ReviewCase | null {
    const row = this.db.prepare<[string], CaseRow>(`${SELECT_CASES} WHERE c.id = ?`).get(id);
    return row ? this.hydrate([row])[0]! : null;
  }

  list(opts: { status?: Status[]; limit: number }): ReviewCase[] {
    const statuses = opts.status?.length ? opts.status : (['open', 'awaiting_second'] as Status[]);
    const rows = this.db
      .prepare<unknown[], CaseRow>(`${SELECT_CASES} WHERE c.status IN (${statuses.map(() => '?').join(',')}) ORDER BY c.id DESC LIMIT ?`)
      .all(...statuses, opts.limit);
    return this.hydrate(rows);
  }

  forInspection(inspectionId: string): ReviewCase[] {
    return this.hydrate(this.db.prepare<[string], CaseRow>(`${SELECT_CASES} WHERE c.inspection_id = ? ORDER BY c.id`).all(inspectionId));
  }

  /** Call inside the transaction that records what raised the case. */
  create(input: NewReviewCase, actor: string | null): ReviewCase {
    const at = this.now();
    const id = uuidv7(at.getTime());
    const iso = at.toISOString();
    this.db
      .prepare(
        `INSERT INTO review_cases (id, version, inspection_id, created_at, updated_at, source, severity, status, instruction, alert, score, explanation)
         VALUES (?, 1, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)`,
      )
      .run(id, input.inspectionId, iso, iso, input.source, input.severity, input.instruction, JSON.stringify(input.alert), input.score, JSON.stringify(input.explanation));
    this.audit.append({ actor, action: 'review.case_open', subject: id, details: { inspection: input.inspectionId, source: input.source, severity: input.severity } });
    const created = this.get(id)!;
    this.enqueue('review_case', id, 1, created);
    return created;
  }

  private enqueue(type: string, id: string, version: number, payload: unknown) {
    this.db
      .prepare('INSERT INTO outbox (record_type, record_id, version, payload, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(type, id, version, JSON.stringify(payload), this.now().toISOString());
  }

  decide(input: { id: string; version: number; verdict: 'confirm' | 'dismiss'; reason: string }, supervisorId: string): ReviewCase {
    return this.db.transaction(() => {
      const cur = this.get(input.id);
      if (!cur) throw new ContractError('NOT_FOUND', 'no such review case');
      if (cur.status === 'confirmed' || cur.status === 'dismissed') throw new ContractError('CONFLICT', `this case is already ${cur.status}`);
      if (cur.version !== input.version) throw new ContractError('CONFLICT', 'this case changed since you opened it: review it again');
      let next: Status;
      if (cur.status === 'awaiting_second') {
        const first = cur.decisions.at(-1);
        if (first?.decidedBy === supervisorId) throw new ContractError('FORBIDDEN', 'a second supervisor must decide: you already dismissed this case');
        next = input.verdict === 'dismiss' ? 'dismissed' : 'confirmed';
      } else if (input.verdict === 'dismiss' && cur.severity === 'high') {
        next = 'awaiting_second';
      } else {
        next = input.verdict === 'dismiss' ? 'dismissed' : 'confirmed';
      }
      const at = this.now().toISOString();
      const decisionId = uuidv7();
      this.db
        .prepare('INSERT INTO review_decisions (id, version, case_id, verdict, reason, decided_by, decided_at) VALUES (?, 1, ?, ?, ?, ?, ?)')
        .run(decisionId, input.id, input.verdict, input.reason, supervisorId, at);
      const version = cur.version + 1;
      this.db.prepare('UPDATE review_cases SET status = ?, version = ?, updated_at = ? WHERE id = ?').run(next, version, at, input.id);
      this.audit.append({ actor: supervisorId, action: 'review.decide', subject: input.id, details: { verdict: input.verdict, status: next, reason: input.reason } });
      const updated = this.get(input.id)!;
      this.enqueue('review_decision', decisionId, 1, { caseId: input.id, verdict: input.verdict, reason: input.reason, decidedBy: supervisorId, decidedAt: at });
      this.enqueue('review_case', input.id, version, updated);
      return updated;
    })();
  }
}
