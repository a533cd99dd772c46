import { parseMrz } from '../../station/documents/mrz/index.js';
import { EXIT, UsageError, type Command } from '../command.js';

/**
 * `borderpost mrz parse <line> <line> [<line>]`: one JSON object per MRZ. Exit 0 valid, 1 parsed
 * with errors, 2 not an MRZ at all. Lines may use `_` padding, lower case or spaces, as readers send.
 */
export const mrzParse: Command = {
  path: ['mrz', 'parse'],
  summary: 'parse and check an ICAO 9303 MRZ (TD1, TD2, TD3, MRV-A, MRV-B, French ID)',
  usage: '<line> <line> [<line>]',
  options: {},
  async run(args, io) {
    const lines = args.positionals;
    if (lines.length < 1 || lines.length > 3) throw new UsageError('give the two or three MRZ lines as arguments (quote each: `<` is special to the shell)');
    const r = parseMrz(lines.length === 1 ? lines[0]! : lines);
    const out = {
      format: r.format,
      valid: r.valid,
      documentCode: r.documentCode,
      fields: r.fields,
      errors: r.errors,
      corrections: r.corrections,
      warnings: r.warnings,
    };
    if (args.json) io.json(out);
    else {
      const f = r.fields;
      io.out(
        [
          `${r.format ?? 'not an MRZ'}: ${r.valid ? 'VALID' : 'INVALID'}`,
          `  ${f.primaryIdentifier}, ${f.secondaryIdentifier}`,
          `  document ${r.documentCode} ${f.documentNumber} issued by ${f.issuingState}, nationality ${f.nationality}`,
          `  born ${f.birthDate ?? '?'}, sex ${f.sex}, expires ${f.expiryDate ?? '?'}`,
          ...r.errors.map((e) => `  error ${e.field}: ${e.message}`),
          ...r.corrections.map((c) => `  corrected ${c.field} at ${c.position + 1}: ${c.from} → ${c.to}`),
        ].join('\n'),
      );
    }
    return !r.usable ? EXIT.USAGE : r.valid ? EXIT.OK : EXIT.CHECK_FAILED;
  },
};
