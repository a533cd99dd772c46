/**
 * A streaming CSV (RFC 4180) record splitter over bytes, for list imports of tens of millions of
 * rows: fields are handed out as byte ranges of the chunk being read, so the common field (a
 * document number, a state code) never becomes a string. Quoted fields may hold commas, doubled
 * quotes and line breaks; `line` is the physical line where a record starts, for error reports.
 */

export const MAX_FIELDS = 32;
/** A record longer than this (an unterminated quote, a binary file) makes the file unusable. */
export const MAX_RECORD_BYTES = 1 << 20;

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

export interface CsvRecord {
  buf: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  /** Per field: 1 when quoted with doubled quotes inside (use `fieldText`). */
  escaped: Uint8Array;
  count: number;
  /** More than MAX_FIELDS fields, or text after a closing quote. */
  malformed: boolean;
  line: number;
}

export class CsvFormatError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** A field as text: UTF-8, surrounding quotes removed, doubled quotes undone. */
export function fieldText(r: CsvRecord, i: number): string {
  if (i >= r.count) return '';
  const s = decoder.decode(r.buf.subarray(r.starts[i], r.ends[i]));
  return r.escaped[i] ? s.replaceAll('""', '"') : s;
}

export class CsvRecordReader {
  /** Physical line of the next record. */
  line = 1;
  private tail: Uint8Array = new Uint8Array(0);
  private first = true;
  private readonly rec: CsvRecord = {
    buf: new Uint8Array(0),
    starts: new Int32Array(MAX_FIELDS),
    ends: new Int32Array(MAX_FIELDS),
    escaped: new Uint8Array(MAX_FIELDS),
    count: 0,
    malformed: false,
    line: 1,
  };

  constructor(private readonly onRecord: (r: CsvRecord) => void) {}

  push(chunk: Uint8Array): void {
    const buf = this.tail.length > 0 ? concatBytes(this.tail, chunk) : asPlainBytes(chunk);
    let pos = 0;
    if (this.first) {
      if (buf.length < 3) {
        this.tail = buf.slice();
        return;
      }
      pos = bomLength(buf);
      this.first = false;
    }
    const consumed = this.parse(buf, pos, false);
    if (buf.length - consumed > MAX_RECORD_BYTES) throw new CsvFormatError(`record at line ${this.line} is longer than ${MAX_RECORD_BYTES} bytes (unterminated quote, or not a CSV file)`, this.line);
    this.tail = buf.slice(consumed);
  }

  end(): void {
    const buf = this.tail;
    this.tail = new Uint8Array(0);
    const pos = this.first ? bomLength(buf) : 0;
    this.first = false;
    if (pos < buf.length) this.parse(buf, pos, true);
  }

  private parse(buf: Uint8Array, pos: number, final: boolean): number {
    while (pos < buf.length) {
      const next = this.readRecord(buf, pos, final);
      if (next < 0) return pos;
      pos = next;
    }
    return pos;
  }

  /**
   * Reads the record that starts at `pos` and hands it to `onRecord` (a blank line is consumed
   * without one). Returns where the next record starts, or −1 when `buf` ends inside this one and
   * more data may follow (`final` false).
   */
  readRecord(buf: Uint8Array, pos: number, final: boolean): number {
    const r = this.rec;
    r.buf = buf;
    const n = buf.length;
    let lines = 0;
    let count = 0;
    let malformed = false;
    for (;;) {
      let start: number;
      let end: number;
      let escaped = 0;
      if (buf[pos] === QUOTE) {
        start = ++pos;
        for (;;) {
          while (pos < n && buf[pos] !== QUOTE) {
            if (buf[pos] === LF) lines++;
            pos++;
          }
          if (pos >= n) {
            if (!final) return -1;
            throw new CsvFormatError(`unterminated quoted field in the record at line ${this.line}`, this.line);
          }
          if (pos + 1 < n && buf[pos + 1] === QUOTE) {
            escaped = 1;
            pos += 2;
            continue;
          }
          if (pos + 1 >= n && !final) return -1;
          end = pos++;
          break;
        }
        // Anything between the closing quote and the delimiter is not CSV; keep the record, flag it.
        while (pos < n && buf[pos] !== COMMA && buf[pos] !== LF && buf[pos] !== CR) {
          malformed = true;
          pos++;
        }
      } else {
        start = pos;
        while (pos < n) {
          const c = buf[pos]!;
          if (c === COMMA || c === LF || c === CR) break;
          pos++;
        }
        end = pos;
      }
      if (count < MAX_FIELDS) {
        r.starts[count] = start;
        r.ends[count] = end;
        r.escaped[count] = escaped;
        count++;
      } else malformed = true;
      if (pos >= n) {
        if (!final) return -1;
        break;
      }
      const c = buf[pos]!;
      if (c === COMMA) {
        pos++;
        if (pos >= n && !final) return -1;
        if (pos >= n) {
          // A trailing comma at the very end of the file: one more, empty field.
          if (count < MAX_FIELDS) {
            r.starts[count] = pos;
            r.ends[count] = pos;
            r.escaped[count] = 0;
            count++;
          }
          break;
        }
        continue;
      }
      if (c === CR) {
        if (pos + 1 >= n && !final) return -1;
        pos += pos + 1 < n && buf[pos + 1] === LF ? 2 : 1;
      } else pos++;
      lines++;
      break;
    }
    r.count = count;
    r.malformed = malformed;
    r.line = this.line;
    this.line += lines;
    // A blank line is one empty unquoted field: not a record.
    if (!(count === 1 && r.ends[0] === r.starts[0] && buf[r.starts[0]! - 1] !== QUOTE)) this.onRecord(r);
    return pos;
  }
}

/** Length of a UTF-8 byte-order mark at the start of `buf` (0 or 3). */
export function bomLength(buf: Uint8Array): number {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
}

/** A plain Uint8Array view (never a Buffer), so byte access stays monomorphic in hot loops. */
export function asPlainBytes(chunk: Uint8Array): Uint8Array {
  return chunk.constructor === Uint8Array ? chunk : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
