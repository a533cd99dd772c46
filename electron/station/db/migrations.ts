/**
 * Numbered migrations. Never edit one that has shipped: add the next number. Each runs in a
 * transaction together with the bump of `user_version`.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'station core: settings, users, audit log, inspections, outbox',
    sql: `
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE users (
        id            TEXT PRIMARY KEY,
        username      TEXT NOT NULL UNIQUE,
        display_name  TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('officer','supervisor','technician','admin')),
        password_hash TEXT NOT NULL,
        disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until  INTEGER,
        created_at    TEXT NOT NULL
      ) STRICT;

      -- Append-only: each row carries the hash of the previous one (see audit/audit-log.ts).
      CREATE TABLE audit_log (
        seq       INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        actor     TEXT,
        action    TEXT NOT NULL,
        subject   TEXT,
        details   TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash      TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

      -- Records that travel to HQ: UUIDv7 ids and a version bumped on every change.
      CREATE TABLE inspections (
        id                TEXT PRIMARY KEY,
        version           INTEGER NOT NULL,
        station_id        TEXT NOT NULL,
        created_at        TEXT NOT NULL,
        updated_at        TEXT NOT NULL,
        officer_id        TEXT REFERENCES users(id),
        source_device_id  TEXT NOT NULL,
        document          TEXT,
        checks            TEXT NOT NULL,
        status            TEXT NOT NULL CHECK (status IN ('open','decided'))
      ) STRICT;
      CREATE INDEX inspections_created ON inspections(created_at);

      CREATE TABLE decisions (
        id             TEXT PRIMARY KEY,
        version        INTEGER NOT NULL,
        inspection_id  TEXT NOT NULL UNIQUE REFERENCES inspections(id),
        outcome        TEXT NOT NULL CHECK (outcome IN ('admit','refuse','refer')),
        direction      TEXT NOT NULL CHECK (direction IN ('entry','exit')),
        reason_code    TEXT,
        note           TEXT NOT NULL,
        decided_by     TEXT NOT NULL REFERENCES users(id),
        decided_at     TEXT NOT NULL
      ) STRICT;

      -- Filled in the same transaction as the record change; drained by sync.
      CREATE TABLE outbox (
        seq         INTEGER PRIMARY KEY,
        record_type TEXT NOT NULL,
        record_id   TEXT NOT NULL,
        version     INTEGER NOT NULL,
        payload     TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        sent_at     TEXT
      ) STRICT;
      CREATE UNIQUE INDEX outbox_record_version ON outbox(record_type, record_id, version);
    `,
  },
  {
    version: 2,
    name: 'supervisor review cases and their decisions (four-eyes for high severity)',
    sql: `
      CREATE TABLE review_cases (
        id             TEXT PRIMARY KEY,
        version        INTEGER NOT NULL,
        inspection_id  TEXT NOT NULL REFERENCES inspections(id),
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        source         TEXT NOT NULL CHECK (source IN ('watchlist.documents','watchlist.persons','referral','document.check')),
        severity       TEXT NOT NULL CHECK (severity IN ('low','medium','high')),
        status         TEXT NOT NULL CHECK (status IN ('open','awaiting_second','confirmed','dismissed')),
        instruction    TEXT NOT NULL,
        alert          TEXT NOT NULL,
        score          REAL,
        explanation    TEXT NOT NULL
      ) STRICT;
      CREATE INDEX review_cases_status ON review_cases(status, id);
      CREATE INDEX review_cases_inspection ON review_cases(inspection_id);

      CREATE TABLE review_decisions (
        id          TEXT PRIMARY KEY,
        version     INTEGER NOT NULL,
        case_id     TEXT NOT NULL REFERENCES review_cases(id),
        verdict     TEXT NOT NULL CHECK (verdict IN ('confirm','dismiss')),
        reason      TEXT NOT NULL,
        decided_by  TEXT NOT NULL REFERENCES users(id),
        decided_at  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX review_decisions_case ON review_decisions(case_id);
    `,
  },
  {
    version: 3,
    name: 'the face image read from a document chip (DG2), one per inspection',
    sql: `
      CREATE TABLE inspection_faces (
        inspection_id TEXT PRIMARY KEY REFERENCES inspections(id),
        mime          TEXT NOT NULL,
        width         INTEGER,
        height        INTEGER,
        image         BLOB NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'a displayable copy of a chip face the booth screen cannot show as stored (JPEG 2000 → PNG)',
    sql: `
      ALTER TABLE inspection_faces ADD COLUMN display_mime TEXT;
      ALTER TABLE inspection_faces ADD COLUMN display_image BLOB;
    `,
  },
];
