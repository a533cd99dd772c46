// Readers and OCR engines deliver the MRZ in many shapes: lower case, `_` instead of the filler `<`,
// spaces, CR/LF/CRLF line ends, control characters framing the data, an array of lines or one
// string, sometimes all lines run together. This turns all of them into plain MRZ lines.

/** The total length of an MRZ sent as one run-together line, and the line length to cut it into. */
const RUN_TOGETHER: ReadonlyMap<number, number> = new Map([
  [90, 30], // TD1
  [72, 36], // TD2, MRV-B, French ID
  [88, 44], // TD3, MRV-A
]);

function normaliseLine(line: string): string {
  return line
    .replace(/[\s\u0000-\u001f\u007f]/g, '')
    .replace(/[a-z]/g, (c) => c.toUpperCase()) // ASCII only: 'ı'.toUpperCase() is 'I' and must stay invalid
    .replace(/_/g, '<');
}

/**
 * Normalises raw reader output into MRZ lines: splits on any line end, drops empty lines, removes
 * whitespace and control characters, upper-cases ASCII letters and turns `_` into `<`. A single line
 * of 90, 72 or 88 characters is split into 3×30, 2×36 or 2×44. Never throws; anything that is not a
 * string (or array of strings) gives no lines.
 */
export function normaliseMrzLines(input: string | readonly string[]): string[] {
  const raw: unknown[] = typeof input === 'string' ? [input] : Array.isArray(input) ? input : [];
  const lines = raw
    .flatMap((part) => (typeof part === 'string' ? part.split(/\r\n|\r|\n/) : []))
    .map(normaliseLine)
    .filter((line) => line.length > 0);
  const only = lines.length === 1 ? lines[0]! : undefined;
  const cut = only === undefined ? undefined : RUN_TOGETHER.get(only.length);
  if (only !== undefined && cut !== undefined) {
    const parts: string[] = [];
    for (let i = 0; i < only.length; i += cut) parts.push(only.slice(i, i + cut));
    return parts;
  }
  return lines;
}
