/**
 * A streaming RFC 4180 record splitter over text: fields may be quoted, quoted fields may hold
 * commas, doubled quotes and line breaks; records end with LF or CR LF. Text arrives in chunks of
 * any size and a record may span chunks. A record longer than MAX_RECORD_CHARS is refused, so a
 * missing closing quote cannot make the splitter hold a whole list in memory.
 */

export const MAX_RECORD_CHARS = 1 << 20;
export const MAX_FIELDS = 256;

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

export interface CsvRecord {
  fields: string[];
  /** Physical line where the record starts (1-based). */
  line: number;
}

const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

type Step = { fields: string[]; next: number; lines: number } | null;

export class CsvSplitter {
  private buf = '';
  private line = 1;

  /** Adds text and returns the records it completed. */
  push(text: string): CsvRecord[] {
    this.buf = this.buf.length === 0 ? text : this.buf + text;
    // No record can end without a line feed: do not re-scan a pending record until one arrives.
    if (!text.includes('\n')) {
      if (this.buf.length > MAX_RECORD_CHARS) throw new CsvSyntaxError(`a record is longer than ${MAX_RECORD_CHARS} characters (an unclosed quote?)`, this.line);
      return [];
    }
    return this.drain(false);
  }

  /** End of input: the text after the last line break is the last record. */
  end(): CsvRecord[] {
    return this.drain(true);
  }

  private drain(final: boolean): CsvRecord[] {
    const out: CsvRecord[] = [];
    const s = this.buf;
    let i = 0;
    while (i < s.length) {
      const step = this.record(s, i, final);
      if (step === null) break;
      out.push({ fields: step.fields, line: this.line });
      this.line += step.lines;
      i = step.next;
    }
    this.buf = i === 0 ? s : s.slice(i);
    if (this.buf.length > MAX_RECORD_CHARS) throw new CsvSyntaxError(`a record is longer than ${MAX_RECORD_CHARS} characters (an unclosed quote?)`, this.line);
    return out;
  }

  /** One record starting at `i`, or null when more text is needed to finish it. */
  private record(s: string, start: number, final: boolean): Step {
    const n = s.length;
    const fields: string[] = [];
    let lines = 1;
    let i = start;
    for (;;) {
      if (fields.length >= MAX_FIELDS) throw new CsvSyntaxError(`a record has more than ${MAX_FIELDS} fields`, this.line);
      if (i < n && s.charCodeAt(i) === QUOTE) {
        let value = '';
        let j = i + 1;
        for (;;) {
          const q = s.indexOf('"', j);
          if (q < 0) {
            if (final) throw new CsvSyntaxError('a quoted field is never closed', this.line);
            return null;
          }
          if (q + 1 >= n && !final) return null; // a doubled quote may continue in the next chunk
          if (s.charCodeAt(q + 1) === QUOTE) {
            value += s.slice(j, q + 1);
            j = q + 2;
            continue;
          }
          value += s.slice(j, q);
          i = q + 1;
          break;
        }
        if (value.includes('\n')) lines += value.split('\n').length - 1;
        fields.push(value);
        if (i >= n) {
          if (!final) return null;
          return { fields, next: i, lines };
        }
        const c = s.charCodeAt(i);
        if (c === COMMA) {
          i++;
          continue;
        }
        if (c === LF) return { fields, next: i + 1, lines };
        if (c === CR) {
          if (i + 1 >= n) {
            if (!final) return null;
            return { fields, next: i + 1, lines };
          }
          if (s.charCodeAt(i + 1) === LF) return { fields, next: i + 2, lines };
        }
        throw new CsvSyntaxError('text follows a closing quote', this.line);
      }
      let k = i;
      let c = -1;
      while (k < n) {
        c = s.charCodeAt(k);
        if (c === COMMA || c === LF || c === QUOTE) break;
        k++;
      }
      if (k >= n) {
        if (!final) return null;
        fields.push(stripCr(s.slice(i, n)));
        return { fields, next: n, lines };
      }
      if (c === QUOTE) throw new CsvSyntaxError('a quote inside an unquoted field (quote the whole field and double the quote)', this.line);
      if (c === COMMA) {
        fields.push(s.slice(i, k));
        i = k + 1;
        continue;
      }
      fields.push(stripCr(s.slice(i, k)));
      return { fields, next: k + 1, lines };
    }
  }
}

const stripCr = (v: string): string => (v.length > 0 && v.charCodeAt(v.length - 1) === CR ? v.slice(0, -1) : v);
