import { describe, expect, it } from 'vitest';
import { normaliseMrzLines } from './index.js';

const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

describe('normaliseMrzLines', () => {
  const cases: [string, string | string[], string[]][] = [
    ['array of lines', TD1, TD1],
    ['string with LF', TD1.join('\n'), TD1],
    ['string with CRLF and a trailing CRLF', `${TD1.join('\r\n')}\r\n`, TD1],
    ['array whose items hold line ends', [`${TD1[0]}\n${TD1[1]}`, TD1[2]!], TD1],
    ['lower case and _ padding', TD1.map((l) => l.toLowerCase().replace(/</g, '_')), TD1],
    ['spaces, tabs, NBSP and control characters', TD1.map((l) => `\u0002 ${l.slice(0, 5)}\t${l.slice(5)}\u00a0\u0003`), TD1],
    ['TD1 run together (90 characters)', TD1.join(''), TD1],
    ['unknown length run together stays one line', TD1.join('').slice(0, 89), [TD1.join('').slice(0, 89)]],
    ['empty', '', []],
  ];
  it.each(cases)('%s', (_, input, expected) => expect(normaliseMrzLines(input)).toEqual(expected));

  it('keeps characters it does not understand, for the parser to report', () => {
    expect(normaliseMrzLines('P<UTO?é«')).toEqual(['P<UTO?é«']);
  });
});
