/**
 * Incremental CSV (RFC 4180) splitter for list imports: text arrives in chunks of any size, rows
 * come out with the physical line on which they start (for error reports). Quoted fields may hold
 * commas, doubled quotes and line breaks. A quote left open swallows the rest of the file, so a row
 * growing past MAX_ROW_CHARS is reported as malformed and the splitter resynchronises at the next
 * line break instead of failing the whole import.
 */

export const MAX_ROW_CHARS = 1 << 20;

export interface CsvRow {
  line: number;
  fields: string[];
  /** Why the row could not be read as CSV (the fields are then unreliable). */
  malformed?: string;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

export class CsvSplitter {
  private fields: string[] = [];
  private field = '';
  private quoted = false;
  /** Inside quotes: a quote was just seen (either the closing one or the first of a pair). */
  private quotePending = false;
  private afterClosingQuote = false;
  private rowChars = 0;
  private malformed: string | undefined;
  private line = 1;
  private rowLine = 1;
  private skipLf = false;
  private rowStarted = false;

  /** Feeds a chunk; `emit` receives each complete row. */
  push(text: string, emit: (row: CsvRow) => void): void {
    let start = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (this.skipLf) {
        this.skipLf = false;
        if (c === LF) {
          start = i + 1;
          continue;
        }
      }
      if (this.quoted) {
        if (this.quotePending) {
          this.quotePending = false;
          if (c === QUOTE) {
            // a doubled quote: keep one (this one: the next slice starts at it)
            start = i;
            continue;
          }
          this.quoted = false;
          this.afterClosingQuote = true;
          // fall through: c is the character after the closing quote
        } else if (c === QUOTE) {
          this.field += text.slice(start, i);
          start = i + 1;
          this.quotePending = true;
          continue;
        } else {
          // Line breaks inside a quoted field still count as physical lines (CR-only files aside).
          if (c === LF) this.line++;
          continue;
        }
      }
      if (c === COMMA) {
        this.field += text.slice(start, i);
        this.endField();
        start = i + 1;
      } else if (c === CR || c === LF) {
        this.field += text.slice(start, i);
        this.endRow(emit);
        this.line++;
        if (c === CR) this.skipLf = true;
        start = i + 1;
      } else if (c === QUOTE && !this.afterClosingQuote && this.field.length === 0 && i === start) {
        this.quoted = true;
        this.rowStarted = true;
        start = i + 1;
      } else {
        if (this.afterClosingQuote) {
          this.malformed ??= 'text after a closing quote';
          this.afterClosingQuote = false;
        } else if (c === QUOTE) {
          this.malformed ??= 'a quote inside an unquoted field';
        }
        this.rowStarted = true;
      }
    }
    if (start < n) this.field += text.slice(start);
    this.rowChars += n - start;
    if (this.rowChars > MAX_ROW_CHARS) {
      // Resynchronise: drop what was gathered and treat the rest as a new row at the next break.
      emit({ line: this.rowLine, fields: [], malformed: `row longer than ${MAX_ROW_CHARS} characters (an unclosed quote?)` });
      this.resetRow();
      this.rowLine = this.line;
    }
  }

  /** Flushes the last row (a file need not end with a line break). */
  end(emit: (row: CsvRow) => void): void {
    if (this.quoted && !this.quotePending) {
      this.malformed ??= 'a quoted field is not closed before the end of the file';
    }
    this.quoted = false;
    this.quotePending = false;
    if (this.rowStarted || this.fields.length > 0 || this.field.length > 0) this.endRow(emit);
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.afterClosingQuote = false;
    this.rowStarted = true;
  }

  private endRow(emit: (row: CsvRow) => void): void {
    if (this.rowStarted || this.field.length > 0 || this.fields.length > 0) {
      this.fields.push(this.field);
      emit({ line: this.rowLine, fields: this.fields, ...(this.malformed ? { malformed: this.malformed } : {}) });
    }
    this.resetRow();
    this.rowLine = this.line + 1;
  }

  private resetRow(): void {
    this.fields = [];
    this.field = '';
    this.quoted = false;
    this.quotePending = false;
    this.afterClosingQuote = false;
    this.malformed = undefined;
    this.rowChars = 0;
    this.rowStarted = false;
  }
}
