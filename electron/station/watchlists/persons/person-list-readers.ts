/**
 * Streaming readers of the two list formats, from bytes to raw alerts with their line numbers:
 *
 * CSV — header `id,name,aliases,dob,nationality,sex,category` (any order, case-insensitive; only
 *   id and name are required) and optionally `action,severity,source,expires,documents,biometrics`.
 *   Multi-valued fields (aliases, dob, nationality, documents, biometrics) are `|`-separated.
 *
 * FollowTheMoney JSON lines (the OpenSanctions export): one entity per line. Only `Person` entities
 *   are read; other schemas are counted and skipped. Mapping:
 *     name[0] → name (else `caption`, else firstName/middleName/fatherName/lastName joined);
 *     the other name[] values, alias[], previousName[] → aliases (weakAlias[] is left out: OpenSanctions
 *       marks those as too unspecific to match on — short noms de guerre, single words);
 *     birthDate[] → birth dates; nationality[] and citizenship[] → nationalities (alpha-2 → alpha-3);
 *     gender[] → sex; passportNumber[] and idNumber[] → documents; topics[] → category
 *     (person-alert.ts); datasets[] → source; there is no action, severity or expiry in FtM, so the
 *     category defaults apply.
 */
import { categoryFromTopics, type RawAlert } from './person-alert.js';
import { CsvSplitter } from './csv-splitter.js';

export type ListFormat = 'csv' | 'ftm';

export type ReadItem =
  | { kind: 'alert'; line: number; raw: RawAlert }
  | { kind: 'error'; line: number; message: string }
  | { kind: 'skip'; line: number; schema: string }
  | { kind: 'warning'; line: number; message: string };

const CSV_COLUMNS = ['id', 'name', 'aliases', 'dob', 'nationality', 'sex', 'category', 'action', 'severity', 'source', 'expires', 'documents', 'biometrics'] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

const split = (v: string | undefined): string[] =>
  v === undefined || v.trim() === ''
    ? []
    : v
        .split('|')
        .map((x) => x.trim())
        .filter((x) => x.length > 0);

/** Turns decoded text chunks into ReadItems; one instance per file. */
export interface RowReader {
  push(text: string, out: ReadItem[]): void;
  end(out: ReadItem[]): void;
}

export function csvReader(): RowReader {
  const splitter = new CsvSplitter();
  let columns: Array<CsvColumn | undefined> | undefined;
  let width = 0;
  let headerError: string | undefined;
  const onRow = (out: ReadItem[]) => (row: { line: number; fields: string[]; malformed?: string }) => {
    if (!columns) {
      const names = row.fields.map((f) => f.trim().toLowerCase());
      columns = names.map((n) => (CSV_COLUMNS as readonly string[]).includes(n) ? (n as CsvColumn) : undefined);
      width = names.length;
      const unknown = names.filter((n, i) => n && columns![i] === undefined);
      if (unknown.length) out.push({ kind: 'warning', line: row.line, message: `unknown column(s) ignored: ${unknown.join(', ')}` });
      if (!columns.includes('id') || !columns.includes('name')) headerError = `the header must name the columns id and name (found: ${names.join(',')})`;
      return;
    }
    if (row.fields.length === 1 && row.fields[0]!.trim() === '' && !row.malformed) return; // blank line
    if (headerError) {
      out.push({ kind: 'error', line: row.line, message: headerError });
      return;
    }
    if (row.malformed) {
      out.push({ kind: 'error', line: row.line, message: `not valid CSV: ${row.malformed}` });
      return;
    }
    if (row.fields.length !== width) {
      out.push({ kind: 'error', line: row.line, message: `${row.fields.length} fields where the header has ${width}` });
      return;
    }
    const v: Partial<Record<CsvColumn, string>> = {};
    columns.forEach((c, i) => {
      if (c) v[c] = row.fields[i];
    });
    out.push({
      kind: 'alert',
      line: row.line,
      raw: {
        id: v.id,
        name: v.name,
        aliases: split(v.aliases),
        birthDates: split(v.dob),
        nationalities: split(v.nationality),
        sex: v.sex,
        documents: split(v.documents),
        category: v.category,
        action: v.action,
        severity: v.severity,
        source: v.source,
        expires: v.expires,
        biometrics: split(v.biometrics),
      },
    });
  };
  return {
    push(text, out) {
      splitter.push(text, onRow(out));
    },
    end(out) {
      splitter.end(onRow(out));
      if (!columns) out.push({ kind: 'error', line: 1, message: 'the file is empty: no header' });
    },
  };
}

interface FtmEntity {
  id?: unknown;
  schema?: unknown;
  caption?: unknown;
  datasets?: unknown;
  properties?: Record<string, unknown>;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

/** One FtM entity (already parsed) → an item. Exported for tests. */
export function ftmEntityToItem(entity: FtmEntity, line: number): ReadItem {
  const schema = typeof entity.schema === 'string' ? entity.schema : '';
  if (schema !== 'Person') return { kind: 'skip', line, schema: schema || '(no schema)' };
  const p = entity.properties ?? {};
  const prop = (k: string) => strings(p[k]);
  const names = prop('name');
  let name = names[0];
  if (!name && typeof entity.caption === 'string') name = entity.caption;
  if (!name) {
    const parts = ['firstName', 'middleName', 'fatherName', 'lastName'].map((k) => prop(k)[0]).filter(Boolean);
    if (parts.length) name = parts.join(' ');
  }
  return {
    kind: 'alert',
    line,
    raw: {
      id: typeof entity.id === 'string' ? entity.id : undefined,
      name,
      aliases: [...names.slice(1), ...prop('alias'), ...prop('previousName')],
      birthDates: prop('birthDate'),
      nationalities: [...prop('nationality'), ...prop('citizenship')],
      sex: prop('gender')[0],
      documents: [...prop('passportNumber'), ...prop('idNumber')],
      category: categoryFromTopics(prop('topics')),
      source: strings(entity.datasets).join(',') || undefined,
    },
  };
}

export function ftmReader(): RowReader {
  let pending = '';
  let line = 0;
  const handle = (text: string, out: ReadItem[]) => {
    line++;
    const t = text.trim();
    if (!t) return;
    let entity: unknown;
    try {
      entity = JSON.parse(t);
    } catch (e) {
      out.push({ kind: 'error', line, message: `not JSON: ${(e as Error).message}` });
      return;
    }
    if (!entity || typeof entity !== 'object' || Array.isArray(entity)) {
      out.push({ kind: 'error', line, message: 'not a JSON object' });
      return;
    }
    out.push(ftmEntityToItem(entity as FtmEntity, line));
  };
  return {
    push(text, out) {
      let start = 0;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
        handle(pending + text.slice(start, i), out);
        pending = '';
        start = i + 1;
      }
      pending += text.slice(start);
    },
    end(out) {
      if (pending.trim()) handle(pending, out);
      pending = '';
    },
  };
}

export function rowReader(format: ListFormat): RowReader {
  return format === 'csv' ? csvReader() : ftmReader();
}

/** `.csv` → csv; `.json`, `.jsonl`, `.ndjson`, `.ftm` → ftm; otherwise undefined. */
export function formatFromFileName(file: string): ListFormat | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (/\.(jsonl|ndjson|json|ftm)$/.test(lower)) return 'ftm';
  return undefined;
}
