/**
 * Inspections (one traveller at one booth) and the officer's decision. Both travel to HQ: they have
 * UUIDv7 ids and versions, and every change writes the audit log and the sync outbox in the same
 * transaction, so a crash can never leave a crossing that HQ will not hear about.
 */
import { ContractError, type Check, type ChipFace, type Decision, type Inspection, type TravelDocument } from '../../contract/index.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';
import { uuidv7 } from '../ids.js';

interface InspectionRow {
  id: string;
  version: number;
  station_id: string;
  created_at: string;
  updated_at: string;
  officer_id: string | null;
  source_device_id: string;
  document: string | null;
  checks: string;
  status: 'open' | 'decided';
  d_outcome: Decision['outcome'] | null;
  d_direction: Decision['direction'] | null;
  d_reason_code: Decision['reasonCode'];
  d_note: string | null;
  d_decided_by: string | null;
  d_decided_at: string | null;
}

const SELECT = `
  SELECT i.*, d.outcome AS d_outcome, d.direction AS d_direction, d.reason_code AS d_reason_code,
         d.note AS d_note, d.decided_by AS d_decided_by, d.decided_at AS d_decided_at
  FROM inspections i LEFT JOIN decisions d ON d.inspection_id = i.id`;

function toInspection(r: InspectionRow): Inspection {
  return {
    id: r.id,
    version: r.version,
    stationId: r.station_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    officerId: r.officer_id,
    sourceDeviceId: r.source_device_id,
    document: r.document ? (JSON.parse(r.document) as TravelDocument) : null,
    checks: JSON.parse(r.checks) as Check[],
    status: r.status,
    decision:
      r.d_outcome && r.d_direction && r.d_decided_by && r.d_decided_at
        ? { outcome: r.d_outcome, direction: r.d_direction, reasonCode: r.d_reason_code, note: r.d_note ?? '', decidedBy: r.d_decided_by, decidedAt: r.d_decided_at }
        : null,
  };
}

export interface NewInspection {
  officerId: string | null;
  sourceDeviceId: string;
  document: TravelDocument | null;
  checks: Check[];
}

export interface DecisionInput {
  id: string;
  version: number;
  outcome: Decision['outcome'];
  direction: Decision['direction'];
  reasonCode: Decision['reasonCode'];
  note: string;
}

export class InspectionRepository {
  private readonly byIdStmt;
  private readonly outboxStmt;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly stationId: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.byIdStmt = db.prepare<[string], InspectionRow>(`${SELECT} WHERE i.id = ?`);
    this.outboxStmt = db.prepare(
      'INSERT INTO outbox (record_type, record_id, version, payload, created_at) VALUES (?, ?, ?, ?, ?)',
    );
  }

  private enqueue(type: string, id: string, version: number, payload: unknown) {
    this.outboxStmt.run(type, id, version, JSON.stringify(payload), this.now().toISOString());
  }

  get(id: string): Inspection | null {
    const r = this.byIdStmt.get(id);
    return r ? toInspection(r) : null;
  }

  latest(): Inspection | null {
    const r = this.db.prepare<[], InspectionRow>(`${SELECT} ORDER BY i.id DESC LIMIT 1`).get();
    return r ? toInspection(r) : null;
  }

  list(limit: number): Inspection[] {
    return this.db.prepare<[number], InspectionRow>(`${SELECT} ORDER BY i.id DESC LIMIT ?`).all(limit).map(toInspection);
  }

  /** Open inspections referred to secondary, and refusals, for the supervisor. */
  forReview(limit = 200): Inspection[] {
    return this.db
      .prepare<[number], InspectionRow>(`${SELECT} WHERE d.outcome IN ('refer','refuse') ORDER BY i.id DESC LIMIT ?`)
      .all(limit)
      .map(toInspection);
  }

  create(input: NewInspection): Inspection {
    const at = this.now();
    const id = uuidv7(at.getTime());
    const iso = at.toISOString();
    return this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO inspections (id, version, station_id, created_at, updated_at, officer_id, source_device_id, document, checks, status)
           VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, 'open')`,
        )
        .run(id, this.stationId, iso, iso, input.officerId, input.sourceDeviceId, input.document ? JSON.stringify(input.document) : null, JSON.stringify(input.checks));
      this.audit.append({ actor: input.officerId, action: 'inspection.create', subject: id, details: { device: input.sourceDeviceId } });
      const created = this.get(id)!;
      this.enqueue('inspection', id, 1, created);
      return created;
    })();
  }

  /** Replaces checks as later steps (chip, watch-lists) finish. */
  updateChecks(id: string, checks: Check[]): Inspection {
    return this.db.transaction(() => {
      const cur = this.get(id);
      if (!cur) throw new ContractError('NOT_FOUND', 'no such inspection');
      const version = cur.version + 1;
      this.db.prepare('UPDATE inspections SET checks = ?, version = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(checks), version, this.now().toISOString(), id);
      const next = this.get(id)!;
      this.enqueue('inspection', id, version, next);
      return next;
    })();
  }

  /** Stores the chip's face image (DG2); call inside the transaction that records the chip steps. */
  /**
   * Keeps the chip's face as the chip stored it (for the record and for face matching) and, when the
   * screen cannot show that format, a displayable copy beside it.
   */
  saveFace(id: string, face: { mime: string; bytes: Buffer; width: number | null; height: number | null; display?: { mime: string; bytes: Buffer } | null }): void {
    this.db
      .prepare(
        `INSERT INTO inspection_faces (inspection_id, mime, width, height, image, display_mime, display_image) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(inspection_id) DO UPDATE SET mime = excluded.mime, width = excluded.width, height = excluded.height, image = excluded.image,
           display_mime = excluded.display_mime, display_image = excluded.display_image`,
      )
      .run(id, face.mime, face.width, face.height, face.bytes, face.display?.mime ?? null, face.display?.bytes ?? null);
  }

  /** The face to show: the displayable copy when there is one, else the image as stored. */
  face(id: string): ChipFace | null {
    const r = this.db
      .prepare<[string], { mime: 'image/jpeg' | 'image/jp2'; width: number | null; height: number | null; image: Buffer; display_mime: 'image/png' | null; display_image: Buffer | null }>(
        'SELECT mime, width, height, image, display_mime, display_image FROM inspection_faces WHERE inspection_id = ?',
      )
      .get(id);
    if (!r) return null;
    if (r.display_mime && r.display_image) return { mime: r.display_mime, base64: r.display_image.toString('base64'), width: r.width, height: r.height, storedAs: r.mime };
    return { mime: r.mime, base64: r.image.toString('base64'), width: r.width, height: r.height, storedAs: r.mime };
  }

  decide(input: DecisionInput, decidedBy: string): Inspection {
    return this.db.transaction(() => {
      const cur = this.get(input.id);
      if (!cur) throw new ContractError('NOT_FOUND', 'no such inspection');
      if (cur.status === 'decided') throw new ContractError('CONFLICT', 'a decision has already been recorded for this traveller');
      if (cur.version !== input.version) throw new ContractError('CONFLICT', 'this traveller changed since you looked: review the checks again');
      const at = this.now().toISOString();
      const decisionId = uuidv7();
      this.db
        .prepare(
          `INSERT INTO decisions (id, version, inspection_id, outcome, direction, reason_code, note, decided_by, decided_at)
           VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(decisionId, input.id, input.outcome, input.direction, input.reasonCode, input.note, decidedBy, at);
      const version = cur.version + 1;
      this.db.prepare("UPDATE inspections SET status = 'decided', version = ?, updated_at = ? WHERE id = ?").run(version, at, input.id);
      this.audit.append({
        actor: decidedBy,
        action: 'inspection.decide',
        subject: input.id,
        details: { outcome: input.outcome, direction: input.direction, reasonCode: input.reasonCode },
      });
      const next = this.get(input.id)!;
      this.enqueue('decision', decisionId, 1, { inspectionId: input.id, ...next.decision });
      this.enqueue('inspection', input.id, version, next);
      return next;
    })();
  }
}
