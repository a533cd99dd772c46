/**
 * A small table of given-name short forms and diminutives, written for this project.
 * Each group is one full name with the short forms commonly used for it on documents and lists.
 * It is intentionally small: nicknames are weak evidence (see similarity.ts), and a large table
 * mostly adds false matches. Cross-language equivalents (JOSEPH/YUSUF/GIUSEPPE) are NOT here: they
 * are different names on a travel document.
 */
const GROUPS: readonly (readonly string[])[] = [
  ['WILLIAM', 'BILL', 'BILLY', 'WILL', 'WILLY', 'LIAM'],
  ['ROBERT', 'BOB', 'BOBBY', 'ROB', 'ROBBIE', 'BERT'],
  ['RICHARD', 'RICK', 'RICKY', 'DICK', 'RICH', 'RICHIE'],
  ['JAMES', 'JIM', 'JIMMY', 'JAMIE'],
  ['JOHN', 'JACK', 'JOHNNY', 'JON'],
  ['JOSEPH', 'JOE', 'JOEY'],
  ['MICHAEL', 'MIKE', 'MICK', 'MICKEY'],
  ['THOMAS', 'TOM', 'TOMMY'],
  ['CHARLES', 'CHARLIE', 'CHUCK'],
  ['EDWARD', 'ED', 'EDDIE', 'TED', 'NED'],
  ['HENRY', 'HANK', 'HARRY'],
  ['DANIEL', 'DAN', 'DANNY'],
  ['DAVID', 'DAVE', 'DAVY'],
  ['ANTHONY', 'TONY'],
  ['CHRISTOPHER', 'CHRIS', 'KIT'],
  ['NICHOLAS', 'NICK', 'NICKY'],
  ['STEPHEN', 'STEVEN', 'STEVE'],
  ['BENJAMIN', 'BEN', 'BENNY', 'BIBI'],
  ['SAMUEL', 'SAM', 'SAMMY'],
  ['ALEXANDER', 'ALEX', 'SANDY'],
  ['ELIZABETH', 'LIZ', 'BETH', 'BETTY', 'LIZZIE', 'ELIZA'],
  ['MARGARET', 'MAGGIE', 'PEGGY', 'MEG'],
  ['KATHERINE', 'CATHERINE', 'KATE', 'KATHY', 'CATHY', 'KATIE'],
  ['PATRICIA', 'PAT', 'PATTY', 'TRISH'],
  ['JENNIFER', 'JENNY', 'JEN'],
  ['SUSAN', 'SUE', 'SUSIE'],
  ['DEBORAH', 'DEBBIE', 'DEB'],
  ['VICTORIA', 'VICKY', 'TORI'],
  ['REBECCA', 'BECKY'],
  // Russian diminutives, in the ICAO and English spellings.
  ['ALEKSANDR', 'ALEXANDR', 'ALEXANDER', 'SASHA'],
  ['MIKHAIL', 'MISHA'],
  ['DMITRY', 'DMITRII', 'DMITRIY', 'DIMA'],
  ['VLADIMIR', 'VOLODYA', 'VOVA'],
  ['IVAN', 'VANYA'],
  ['NIKOLAI', 'NIKOLAY', 'KOLYA'],
  ['YEKATERINA', 'EKATERINA', 'KATYA'],
  ['MARIYA', 'MARIA', 'MASHA'],
  ['NATALYA', 'NATALIA', 'NATASHA'],
  ['YELENA', 'ELENA', 'LENA'],
  ['TATYANA', 'TATIANA', 'TANYA'],
];

const INDEX = new Map<string, number[]>();
GROUPS.forEach((group, g) => {
  for (const name of group) INDEX.set(name, [...(INDEX.get(name) ?? []), g]);
});

/** True when two different upper-case given names are listed as forms of one name. */
export function areNicknames(a: string, b: string): boolean {
  if (a === b) return false;
  const ga = INDEX.get(a);
  const gb = INDEX.get(b);
  if (!ga || !gb) return false;
  return ga.some((g) => gb.includes(g));
}

/** Group ids of a name (for candidate keys). */
export function nicknameGroups(name: string): readonly number[] {
  return INDEX.get(name) ?? [];
}
