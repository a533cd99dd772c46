/**
 * Turns decoded payload bytes (CSV or JSON lines) into entries: a row to add or replace, or the key
 * of a row to remove. The same decoder checks a publisher's input in createBundle and the payload
 * on the station, so a bundle that was created is a bundle that imports.
 *
 * Rules (FORMAT.md has the full text): CSV starts with a header line of field names; a full list has
 * no `_op` column, a delta has one whose value is `upsert` or `remove`. In JSON lines every line is
 * one object, with `_op` likewise. Key fields are non-empty strings in every entry; a removal names
 * its key fields and nothing else.
 */
import { BundleError, type BundleErrorCode } from './bundle-error.js';
import { FIELD_NAME, OP_FIELD } from './bundle-header.js';
import { CsvSplitter, CsvSyntaxError, MAX_RECORD_CHARS, type CsvRecord } from './csv-splitter.js';

/** One list row as the publisher wrote it. CSV values are strings; JSON lines values are any JSON. */
export type BundleRow = Readonly<Record<string, unknown>>;
/** The key fields of a row to remove, each a non-empty string. */
export type BundleKey = Readonly<Record<string, string>>;
export type PayloadEntry = { op: 'upsert'; row: BundleRow } | { op: 'remove'; key: BundleKey };

export interface RowDecoderOptions {
  format: 'csv' | 'jsonl';
  type: 'full' | 'delta';
  keyFields: readonly string[];
  /** MALFORMED_PAYLOAD on the station, INVALID_INPUT when a publisher builds a bundle. */
  errorCode: BundleErrorCode;
}

export interface RowDecoder {
  push(bytes: Uint8Array): PayloadEntry[];
  end(): PayloadEntry[];
  /** Entries decoded so far. */
  readonly records: number;
}

export function createRowDecoder(opts: RowDecoderOptions): RowDecoder {
  return opts.format === 'csv' ? new CsvRowDecoder(opts) : new JsonLinesRowDecoder(opts);
}

abstract class TextRowDecoder implements RowDecoder {
  // fatal: a byte that is not UTF-8 is an error, not a silent U+FFFD in a document number.
  // The default (ignoreBOM false) drops one leading byte-order mark, which spreadsheets write.
  private readonly text = new TextDecoder('utf-8', { fatal: true });
  records = 0;

  constructor(protected readonly opts: RowDecoderOptions) {}

  push(bytes: Uint8Array): PayloadEntry[] {
    return this.take(this.decode(bytes, true), false);
  }

  end(): PayloadEntry[] {
    return this.take(this.decode(new Uint8Array(0), false), true);
  }

  private decode(bytes: Uint8Array, stream: boolean): string {
    try {
      return this.text.decode(bytes, { stream });
    } catch {
      throw this.fail(`the text is not valid UTF-8 (after record ${this.records})`);
    }
  }

  protected abstract take(text: string, final: boolean): PayloadEntry[];

  protected fail(message: string): BundleError {
    return new BundleError(this.opts.errorCode, `The list data is malformed: ${message}.`);
  }

  protected keyValue(value: unknown, field: string, where: string): string {
    if (typeof value !== 'string' || value.length === 0) throw this.fail(`${where}: key field "${field}" must be a non-empty string`);
    return value;
  }
}

class CsvRowDecoder extends TextRowDecoder {
  private readonly splitter = new CsvSplitter();
  private columns: string[] | null = null;
  private opIndex = -1;
  private keyIndexes: number[] = [];

  protected take(text: string, final: boolean): PayloadEntry[] {
    let records: CsvRecord[];
    try {
      records = text.length > 0 ? this.splitter.push(text) : [];
      if (final) records = records.concat(this.splitter.end());
    } catch (e) {
      if (e instanceof CsvSyntaxError) throw this.fail(`CSV line ${e.line}: ${e.message}`);
      throw e;
    }
    const out: PayloadEntry[] = [];
    for (const r of records) {
      if (this.columns === null) this.setColumns(r);
      else out.push(this.entry(r));
    }
    if (final && this.columns === null) throw this.fail('the CSV has no header line');
    return out;
  }

  private setColumns(r: CsvRecord): void {
    const seen = new Set<string>();
    for (const name of r.fields) {
      if (name === OP_FIELD && this.opts.type === 'delta') {
        // the operation column of a delta
      } else if (!FIELD_NAME.test(name)) throw this.fail(`CSV header: "${name.slice(0, 70)}" is not a usable field name`);
      if (seen.has(name)) throw this.fail(`CSV header: field "${name}" appears twice`);
      seen.add(name);
    }
    if (this.opts.type === 'delta' && !seen.has(OP_FIELD)) throw this.fail(`CSV header: a delta needs an "${OP_FIELD}" column (upsert or remove)`);
    for (const k of this.opts.keyFields) if (!seen.has(k)) throw this.fail(`CSV header: key field "${k}" is missing`);
    this.columns = r.fields;
    this.opIndex = r.fields.indexOf(OP_FIELD);
    this.keyIndexes = this.opts.keyFields.map((k) => r.fields.indexOf(k));
  }

  private entry(r: CsvRecord): PayloadEntry {
    const columns = this.columns as string[];
    const where = `CSV line ${r.line}`;
    if (r.fields.length !== columns.length) throw this.fail(`${where}: ${r.fields.length} fields where the header has ${columns.length}`);
    this.records++;
    const op = this.opIndex >= 0 ? r.fields[this.opIndex] : 'upsert';
    if (op === 'remove') {
      const key: Record<string, string> = {};
      for (let i = 0; i < this.keyIndexes.length; i++) {
        const field = this.opts.keyFields[i] as string;
        key[field] = this.keyValue(r.fields[this.keyIndexes[i] as number], field, where);
      }
      for (let i = 0; i < columns.length; i++) {
        if (i !== this.opIndex && !this.keyIndexes.includes(i) && r.fields[i] !== '') throw this.fail(`${where}: a removal carries only its key, but "${columns[i]}" is filled`);
      }
      return { op: 'remove', key };
    }
    if (op !== 'upsert') throw this.fail(`${where}: ${OP_FIELD} must be "upsert" or "remove", not "${String(op).slice(0, 40)}"`);
    const row: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) if (i !== this.opIndex) row[columns[i] as string] = r.fields[i];
    for (const k of this.opts.keyFields) this.keyValue(row[k], k, where);
    return { op: 'upsert', row };
  }
}

class JsonLinesRowDecoder extends TextRowDecoder {
  private buf = '';
  private line = 0;

  protected take(text: string, final: boolean): PayloadEntry[] {
    const out: PayloadEntry[] = [];
    // Only the new text is searched for line ends, so a long line arriving in small pieces costs linear time.
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const piece = text.slice(start, nl);
      out.push(this.entry(this.buf.length === 0 ? piece : this.buf + piece));
      this.buf = '';
      start = nl + 1;
    }
    if (start < text.length) this.buf += text.slice(start);
    if (this.buf.length > MAX_RECORD_CHARS) throw this.fail(`line ${this.line + 1} is longer than ${MAX_RECORD_CHARS} characters`);
    if (final && this.buf.length > 0) {
      out.push(this.entry(this.buf));
      this.buf = '';
    }
    return out;
  }

  private entry(rawLine: string): PayloadEntry {
    this.line++;
    const where = `line ${this.line}`;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.length === 0) throw this.fail(`${where} is empty`);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw this.fail(`${where} is not valid JSON`);
    }
    // A "__proto__" member would change the prototype of an object a store copies the row into.
    if (line.includes('"__proto__"') && hasProtoMember(value)) throw this.fail(`${where}: the field name "__proto__" is not allowed`);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw this.fail(`${where} is not a JSON object`);
    const obj = value as Record<string, unknown>;
    this.records++;
    let op: unknown = 'upsert';
    if (OP_FIELD in obj) {
      if (this.opts.type === 'full') throw this.fail(`${where}: a full list has no "${OP_FIELD}" field`);
      op = obj[OP_FIELD];
      delete obj[OP_FIELD];
    } else if (this.opts.type === 'delta') throw this.fail(`${where}: each line of a delta needs "${OP_FIELD}" (upsert or remove)`);
    if (op === 'remove') {
      const key: Record<string, string> = {};
      for (const k of this.opts.keyFields) key[k] = this.keyValue(obj[k], k, where);
      const extra = Object.keys(obj).find((k) => !this.opts.keyFields.includes(k));
      if (extra !== undefined) throw this.fail(`${where}: a removal carries only its key, but "${extra.slice(0, 70)}" is present`);
      return { op: 'remove', key };
    }
    if (op !== 'upsert') throw this.fail(`${where}: ${OP_FIELD} must be "upsert" or "remove"`);
    for (const k of this.opts.keyFields) this.keyValue(obj[k], k, where);
    return { op: 'upsert', row: obj };
  }
}

/** Iterative, so a deeply nested (1 MiB) line cannot overflow the stack. */
function hasProtoMember(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (!Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, '__proto__')) return true;
    for (const child of Object.values(v)) stack.push(child);
  }
  return false;
}
