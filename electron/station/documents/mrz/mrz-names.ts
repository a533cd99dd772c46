// ICAO 9303-3 section 4.6: the name field holds the primary identifier (surname), the separator
// `<<`, then the secondary identifier (given names); a `<` inside either stands for a space,
// hyphen or other punctuation; trailing fillers pad the field. When a name is too long the issuer
// truncates it and the field ends on a letter, so a field with no trailing filler may be truncated.

export interface MrzNameProblem {
  field: 'primaryIdentifier' | 'secondaryIdentifier';
  message: string;
}

export interface MrzName {
  primaryIdentifier: string;
  secondaryIdentifier: string;
  /** The field is filled to its last character (no trailing filler): the name may be truncated. */
  truncated: boolean;
  problems: MrzNameProblem[];
}

const NAME_CHARS = /^[A-Z<]*$/;

/** `ANNA<MARIA` → `ANNA MARIA`; runs of fillers become one space; leading/trailing ones go. */
export function mrzNameText(raw: string): string {
  return raw.replace(/<+/g, ' ').trim();
}

function invalidCharsProblem(field: MrzNameProblem['field'], raw: string): MrzNameProblem[] {
  if (NAME_CHARS.test(raw)) return [];
  const bad = [...new Set(raw.replace(/[A-Z<]/g, ''))].join('');
  return [{ field, message: `name contains characters that are not letters: ${bad}` }];
}

/** Reads an ICAO name field (TD1 line 3, TD2/TD3/MRV line 1 from position 6). */
export function readMrzName(field: string): MrzName {
  const body = field.replace(/<+$/, '');
  const separator = body.indexOf('<<');
  const primaryRaw = separator < 0 ? body : body.slice(0, separator);
  const secondaryRaw = separator < 0 ? '' : body.slice(separator + 2);
  const problems = [
    ...invalidCharsProblem('primaryIdentifier', primaryRaw),
    ...invalidCharsProblem('secondaryIdentifier', secondaryRaw),
  ];
  if (mrzNameText(body) === '') problems.push({ field: 'primaryIdentifier', message: 'name is empty' });
  return {
    primaryIdentifier: mrzNameText(primaryRaw),
    secondaryIdentifier: mrzNameText(secondaryRaw),
    truncated: field.length > 0 && !field.endsWith('<'),
    problems,
  };
}

/** Reads one name part that has a field of its own (the French ID card's surname and given names). */
export function readMrzNamePart(field: string, as: MrzNameProblem['field']): MrzName {
  const text = mrzNameText(field);
  const problems = invalidCharsProblem(as, field);
  return {
    primaryIdentifier: as === 'primaryIdentifier' ? text : '',
    secondaryIdentifier: as === 'secondaryIdentifier' ? text : '',
    truncated: field.length > 0 && !field.endsWith('<'),
    problems,
  };
}
