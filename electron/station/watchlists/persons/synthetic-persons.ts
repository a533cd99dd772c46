/**
 * A deterministic synthetic person list and traveller queries, for the benchmark
 * (test/bench/watchlist-persons.bench.ts) and the large-list tests. Not used by the station.
 *
 * Names combine parts from several naming cultures, in their own script where they have one:
 *   cyrillic — given name, patronymic (-OVICH/-OVNA), surname built from stems and Slavic suffixes;
 *   arabic   — given name, father's name, sometimes grandfather's, family name (AL-…), as lists
 *              write them: many persons share each element, the hard case for blocking;
 *   greek    — given name and surname from stems and Greek suffixes;
 *   latin    — given and family names of Western European, Turkish, Polish… usage, surnames also
 *              built from stems and suffixes;
 *   chinese  — Pinyin only (Han script is not transliterated by the matcher): short, very common
 *              tokens (LI, WANG), the other hard case;
 *   caucasus/hebrew — the evaluation seed names of names/eval-seed-names.ts.
 * Latin spellings of generated native-script parts come from the matcher's own transliteration
 * (every scheme it knows), so cross-script figures from this set measure speed and blocking, not
 * transliteration quality: quality figures come from evaluateNameMatching() on real data.
 */
import { seededRandom } from '../names/eval-generated.js';
import { SEED_POOLS, type SeedName } from '../names/eval-seed-names.js';
import { transliterate } from '../names/index.js';
import type { RawAlert } from './person-alert.js';

type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;

interface Part {
  native: string;
  latin: readonly string[];
}

type Culture = 'cyrillic' | 'arabic' | 'greek' | 'latin' | 'chinese' | 'caucasus' | 'hebrew';

export interface SyntheticPerson {
  alert: RawAlert & { id: string; name: string; aliases: string[]; birthDates: string[] };
  culture: Culture;
  given: Part;
  middle?: Part;
  surname: Part;
  /** An exact date of birth: what the traveller's document says. */
  trueBirthDate: string;
  sex: 'M' | 'F';
}

const seedPool = (script: string) => SEED_POOLS.find((p) => p.script === script)!;
const fromSeed = (s: SeedName): Part => ({ native: s.native, latin: s.latin });

function latinForms(native: string): string[] {
  // Every reading the transliterator produces, best first, de-duplicated.
  const forms = transliterate(native).map((f) => f.replace(/[^A-Z -]/g, ''));
  return [...new Set(forms.filter((f) => f.length > 0))].slice(0, 4);
}

const memo = new Map<string, Part>();
function nativePart(native: string): Part {
  let p = memo.get(native);
  if (!p) {
    p = { native, latin: latinForms(native) };
    if (memo.size > 200_000) memo.clear();
    memo.set(native, p);
  }
  return p;
}

// ---- Cyrillic -------------------------------------------------------------------------------
const CYR_ONSETS = ['Б', 'В', 'Г', 'Д', 'Ж', 'З', 'К', 'Л', 'М', 'Н', 'П', 'Р', 'С', 'Т', 'Ф', 'Х', 'Ц', 'Ч', 'Ш', 'Кр', 'Гр', 'Бр', 'Ст', 'Пр', 'Тр', 'Св', 'Зв', 'Бл', 'Гл', 'Дм'];
const CYR_VOWELS = ['а', 'о', 'у', 'е', 'и', 'я', 'ы', 'ё'];
const CYR_CODAS = ['н', 'в', 'л', 'р', 'к', 'ш', 'т', 'м', 'д', 'х', 'ч', 'б', 'з', ''];
const CYR_SUFFIX_M = ['ов', 'ев', 'ин', 'ский', 'енко', 'ук', 'як', 'ич', 'ёв', 'цкий'];
const CYR_FEMININE: Record<string, string> = { ов: 'ова', ев: 'ева', ин: 'ина', ский: 'ская', ёв: 'ёва', цкий: 'цкая' };
const lower = (s: string) => s.toLowerCase();

function cyrillicStem(rng: Rng): string {
  const syl = () => pick(rng, CYR_ONSETS) + pick(rng, CYR_VOWELS);
  let stem = syl() + lower(syl());
  if (rng() < 0.3) stem += lower(syl());
  return stem + pick(rng, CYR_CODAS);
}

function cyrillicSurname(rng: Rng, sex: 'M' | 'F'): Part {
  const stem = cyrillicStem(rng);
  const suffix = pick(rng, CYR_SUFFIX_M);
  return nativePart(stem + (sex === 'F' ? (CYR_FEMININE[suffix] ?? suffix) : suffix));
}

const CYR_GIVEN_M = seedPool('cyrillic').given.filter((g) => !/[аяь]$/.test(g.native));
const CYR_GIVEN_F = seedPool('cyrillic').given.filter((g) => /[аяь]$/.test(g.native));
const CYR_SEED_SURNAMES = seedPool('cyrillic').surnames;

function patronymic(father: Part, sex: 'M' | 'F'): Part {
  const base = father.native.replace(/[йь]$/, '').replace(/ий$/, '');
  const soft = /[йь]$/.test(father.native) || /ий$/.test(father.native);
  const suffix = sex === 'M' ? (soft ? 'евич' : 'ович') : soft ? 'евна' : 'овна';
  return nativePart(base + suffix);
}

// ---- Arabic ---------------------------------------------------------------------------------
const s = (native: string, ...latin: string[]): Part => ({ native, latin });
const ARABIC_EXTRA_GIVEN: Part[] = [
  s('عادل', 'ADEL', 'ADIL'), s('عماد', 'IMAD', 'EMAD'), s('بلال', 'BILAL', 'BELAL'), s('زياد', 'ZIYAD', 'ZIAD'),
  s('رياض', 'RIYAD', 'RIAD'), s('منير', 'MUNIR', 'MOUNIR'), s('هشام', 'HISHAM', 'HICHAM'), s('سليم', 'SALIM', 'SELIM'),
  s('نادر', 'NADER', 'NADIR'), s('طلال', 'TALAL'), s('وائل', 'WAEL', 'WAIL'), s('أسامة', 'OSAMA', 'USAMA', 'OUSSAMA'),
  s('إسماعيل', 'ISMAIL', 'ISMAEL'), s('عيسى', 'ISSA', 'EISA'), s('جعفر', 'JAFAR', 'JAAFAR'), s('حامد', 'HAMID', 'HAMED'),
  s('راشد', 'RASHED', 'RACHED'), s('سلمان', 'SALMAN'), s('شادي', 'SHADI', 'CHADI'), s('فهد', 'FAHD', 'FAHAD'),
  s('ماهر', 'MAHER'), s('مازن', 'MAZEN', 'MAZIN'), s('نزار', 'NIZAR', 'NEZAR'), s('هاني', 'HANI', 'HANY'),
  s('ياسر', 'YASSER', 'YASIR'), s('إدريس', 'IDRIS', 'IDRISS'), s('أيمن', 'AYMAN', 'AIMAN'), s('بسام', 'BASSAM'),
  s('عبد الكريم', 'ABDUL KARIM', 'ABDELKARIM'), s('عبد الرحيم', 'ABDUL RAHIM', 'ABDERRAHIM'), s('توفيق', 'TAWFIQ', 'TOUFIK'),
  s('رضا', 'REDA', 'RIDA'), s('معاذ', 'MUADH', 'MOAZ'), s('عمار', 'AMMAR'), s('صهيب', 'SUHAIB', 'SOHAIB'), s('أنس', 'ANAS'),
  s('يحيى', 'YAHYA', 'YEHIA'), s('زكريا', 'ZAKARIA', 'ZAKARIYA'), s('سفيان', 'SUFYAN', 'SOFIANE'), s('مهدي', 'MAHDI', 'MEHDI'),
  s('نور الدين', 'NUREDDIN', 'NOUREDDINE'), s('صلاح', 'SALAH'), s('ضياء', 'DIAA', 'DHIA'), s('غسان', 'GHASSAN'),
  s('قصي', 'QUSAY', 'QUSAI'), s('لؤي', 'LOUAI', 'LUAY'), s('مراد', 'MURAD', 'MOURAD'), s('نعيم', 'NAIM', 'NAEEM'),
  s('هيثم', 'HAITHAM', 'HAYTHAM'), s('وسيم', 'WASSIM', 'WASEEM'), s('يزن', 'YAZAN'), s('جواد', 'JAWAD', 'JAOUAD'),
  s('سارة', 'SARA', 'SARAH'), s('نادية', 'NADIA', 'NADIYA'), s('رنا', 'RANA'), s('هدى', 'HUDA', 'HODA'), s('أمل', 'AMAL'),
  s('سلمى', 'SALMA'), s('دينا', 'DINA'), s('ريم', 'REEM', 'RIM'),
];
const ARABIC_GIVEN_F = new Set(['فاطمة', 'عائشة', 'مريم', 'زينب', 'خديجة', 'ليلى', 'سارة', 'نادية', 'رنا', 'هدى', 'أمل', 'سلمى', 'دينا', 'ريم']);
const ARABIC_GIVEN_ALL = [...seedPool('arabic').given.map(fromSeed), ...ARABIC_EXTRA_GIVEN];
const ARABIC_GIVEN_M = ARABIC_GIVEN_ALL.filter((g) => !ARABIC_GIVEN_F.has(g.native));
const ARABIC_GIVEN_W = ARABIC_GIVEN_ALL.filter((g) => ARABIC_GIVEN_F.has(g.native));
const ARABIC_FAMILY_BASES: Part[] = [
  s('عبيدي', 'OBEIDI', 'UBAYDI'), s('جبوري', 'JABOURI', 'JUBURI'), s('دليمي', 'DULAIMI', 'DULAYMI'), s('كبيسي', 'KUBAISI', 'KOBEISSI'),
  s('نعيمي', 'NUAIMI', 'NOAIMI'), s('حسيني', 'HUSSEINI', 'HUSAYNI'), s('ربيعي', 'RUBAIE', 'RABII'), s('زبيدي', 'ZUBAIDI', 'ZOUBAIDI'),
  s('مصري', 'MASRI', 'MASRY'), s('شامي', 'SHAMI', 'CHAMI'), s('حلبي', 'HALABI'), s('حمصي', 'HOMSI', 'HIMSI'), s('يمني', 'YEMENI', 'YAMANI'),
  s('ليبي', 'LIBI', 'LIBY'), s('سوداني', 'SUDANI', 'SOUDANI'), s('تميمي', 'TAMIMI', 'TEMIMI'), s('عنزي', 'ANAZI', 'ENEZI'),
  s('حربي', 'HARBI'), s('سبيعي', 'SUBAIE', 'SUBAYI'), s('قرشي', 'QURASHI', 'KORACHI'), s('هاشمي', 'HASHIMI', 'HACHEMI'),
  s('عمري', 'OMARI', 'UMARI'), s('بكري', 'BAKRI'), s('خطيب', 'KHATIB', 'KHATEEB'), s('نجار', 'NAJJAR', 'NAGGAR'),
  s('عطار', 'ATTAR'), s('حداد', 'HADDAD'), s('صباغ', 'SABBAGH', 'SABBAG'), s('خياط', 'KHAYYAT', 'KHAYAT'), s('بيطار', 'BITAR', 'BAITAR'),
  s('جزائري', 'JAZAIRI', 'DJAZAIRI'), s('مغربي', 'MAGHRIBI', 'MAGHREBI'), s('تونسي', 'TUNISI', 'TOUNSI'), s('بصري', 'BASRI'),
  s('موصلي', 'MOSULI', 'MAWSILI'), s('بغدادي', 'BAGHDADI'), s('دمشقي', 'DIMASHQI', 'DAMASHKI'), s('حجازي', 'HIJAZI', 'HEGAZY'),
  s('نابلسي', 'NABULSI', 'NABLUSI'), s('خليلي', 'KHALILI'), s('قحطاني', 'QAHTANI', 'KAHTANI'), s('شهري', 'SHAHRI', 'CHEHRI'),
  s('زهراني', 'ZAHRANI'), s('مالكي', 'MALIKI', 'MALKI'), s('عثماني', 'OTHMANI', 'OSMANI'), s('فارسي', 'FARSI'),
  s('كردي', 'KURDI'), s('تكريتي', 'TIKRITI'), s('سامرائي', 'SAMARRAI', 'SAMARAI'), s('عاني', 'ANI', 'AANI'), s('راوي', 'RAWI'),
];

function arabicFamily(rng: Rng): Part {
  if (rng() < 0.25) return fromSeed(pick(rng, seedPool('arabic').surnames));
  const base = pick(rng, ARABIC_FAMILY_BASES);
  const art = pick(rng, ['AL-', 'AL ', 'EL-', 'AL']);
  return { native: `ال${base.native}`, latin: base.latin.map((l) => art + l) };
}

// ---- Greek ----------------------------------------------------------------------------------
const GR_STEMS = ['Κα', 'Πα', 'Μα', 'Λα', 'Δη', 'Νι', 'Στα', 'Χα', 'Βα', 'Γε', 'Θε', 'Ξε', 'Πε', 'Τσα', 'Ρο', 'Μπα', 'Ντο', 'Φω', 'Ζα', 'Κο'];
const GR_MID = ['ρα', 'λο', 'νι', 'μα', 'κο', 'τσι', 'γιαν', 'βρο', 'στο', 'φο', ''];
const GR_SUFFIX_M = ['πουλος', 'ίδης', 'άκης', 'άτος', 'ίου', 'όγλου', 'άς', 'άκος', 'έλης'];
const GR_FEM: Record<string, string> = { πουλος: 'πούλου', ίδης: 'ίδου', άκης: 'άκη', άτος: 'άτου', άς: 'ά', άκος: 'άκου', έλης: 'έλη' };
const GR_GIVEN = seedPool('greek').given;
const GR_GIVEN_F = new Set(['Ελένη', 'Μαρία', 'Αικατερίνη', 'Σοφία', 'Αναστασία', 'Δέσποινα']);

function greekSurname(rng: Rng, sex: 'M' | 'F'): Part {
  const suffix = pick(rng, GR_SUFFIX_M);
  const stem = pick(rng, GR_STEMS) + pick(rng, GR_MID) + pick(rng, GR_MID);
  return nativePart(stem + (sex === 'F' ? (GR_FEM[suffix] ?? suffix) : suffix));
}

// ---- Latin ----------------------------------------------------------------------------------
const L = (...latin: string[]): Part => ({ native: '', latin });
const LATIN_GIVEN_M: Part[] = [
  ...['WILLIAM', 'ROBERT', 'RICHARD', 'JAMES', 'MICHAEL', 'THOMAS', 'DANIEL', 'CHRISTOPHER', 'ANTHONY', 'STEPHEN'].map((x) => L(x)),
  L('JOSÉ', 'JOSE'), L('FRANÇOIS', 'FRANCOIS'), L('JÜRGEN', 'JUERGEN', 'JURGEN'), L('SØREN', 'SOREN', 'SOEREN'), L('BJÖRN', 'BJORN', 'BJOERN'),
  L('ŁUKASZ', 'LUKASZ'), L('MEHMET', 'MEHMED'), L('AHMET'), L('MUSTAFA'), L('KEMAL'), L('EMRE'), L('BURAK'), L('PIOTR'), L('KRZYSZTOF'),
  L('TOMASZ'), L('PAWEŁ', 'PAWEL'), L('JAN'), L('JAKUB'), L('PETR'), L('MIROSLAV'), L('LUCA'), L('MARCO'), L('GIUSEPPE'), L('ALESSANDRO'),
  L('ANDREA'), L('MATTEO'), L('JUAN'), L('CARLOS'), L('JAVIER'), L('MIGUEL'), L('ALEJANDRO'), L('PABLO'), L('JOÃO', 'JOAO'),
  L('PEDRO'), L('RUI'), L('TIAGO'), L('PIERRE'), L('JEAN'), L('NICOLAS'), L('LAURENT'), L('STÉPHANE', 'STEPHANE'), L('KLAUS'),
  L('STEFAN', 'STEPHAN'), L('WOLFGANG'), L('LARS'), L('ERIK', 'ERIC'), L('MATTHIAS'), L('DRAGAN'), L('MILOŠ', 'MILOS'), L('NIKOLA'),
];
const LATIN_GIVEN_F: Part[] = [
  L('ELIZABETH'), L('MARGARET'), L('KATHERINE', 'CATHERINE'), L('PATRICIA'), L('MARÍA', 'MARIA'), L('INÊS', 'INES'), L('ZOË', 'ZOE'),
  L('AYŞE', 'AYSE'), L('FATMA'), L('ELIF'), L('ZEYNEP'), L('ANNA'), L('KATARZYNA'), L('AGNIESZKA'), L('MAŁGORZATA', 'MALGORZATA'),
  L('GIULIA'), L('FRANCESCA'), L('CHIARA'), L('CARMEN'), L('LUCÍA', 'LUCIA'), L('ISABEL'), L('ANA'), L('SOPHIE'), L('CAMILLE'),
  L('NATHALIE'), L('JULIA'), L('SABINE'), L('INGRID'), L('KAREN'), L('JELENA'), L('MILICA'), L('IVANA'),
];
const LATIN_SURNAMES: Part[] = [
  ...SEED_POOLS.find((p) => p.script === 'latin')!.surnames.map(fromSeed),
  ...['BROWN', 'TAYLOR', 'WILSON', 'DAVIES', 'EVANS', 'THOMPSON', 'WALKER', 'WRIGHT', 'ROBINSON', 'HUGHES', 'MARTIN', 'BERNARD',
    'PETIT', 'DURAND', 'MOREAU', 'LAURENT', 'SIMON', 'MICHEL', 'SCHMIDT', 'SCHNEIDER', 'FISCHER', 'WEBER', 'MEYER', 'WAGNER',
    'BECKER', 'HOFFMANN', 'BIANCHI', 'ROMANO', 'COLOMBO', 'RICCI', 'MARINO', 'GRECO', 'BRUNO', 'GALLO', 'LOPEZ', 'MARTINEZ',
    'SANCHEZ', 'PEREZ', 'GOMEZ', 'RUIZ', 'DIAZ', 'MORENO', 'ALVAREZ', 'SILVA', 'SANTOS', 'FERREIRA', 'PEREIRA', 'OLIVEIRA',
    'COSTA', 'RODRIGUES', 'NOWAK', 'WIŚNIEWSKI', 'LEWANDOWSKI', 'KAMIŃSKI', 'ZIELIŃSKI', 'DEMIR', 'ŞAHIN', 'YILDIZ', 'AYDIN',
    'ARSLAN', 'DOĞAN', 'KILIÇ', 'JOVANOVIĆ', 'PETROVIĆ', 'NIKOLIĆ', 'HORVAT', 'KOVAČ', 'BABIĆ', 'JANSEN', 'DE VRIES', 'VAN DIJK',
    'BAKKER', 'VISSER', 'SMIT', 'NIELSEN', 'HANSEN', 'ANDERSEN', 'JOHANSSON', 'LARSSON', 'ERIKSSON'].map((x) => L(x)),
];
const LATIN_STEMS = ['BRAN', 'KOL', 'MAR', 'VEL', 'TOR', 'HAL', 'GRIM', 'SAL', 'BER', 'LAND', 'MOR', 'FEL', 'DRAG', 'RAD', 'KAR', 'LIND', 'WOL', 'STEN', 'ROS', 'BAL', 'CAS', 'DOM', 'FER', 'GAL', 'LOR', 'MEN', 'NOV', 'PAL', 'RIV', 'TAL'];
const LATIN_LINKS = ['', 'AN', 'ER', 'IN', 'ON', 'AD', 'OL', 'IT', 'UM', 'ES'];
const LATIN_SUFFIXES = ['SON', 'SEN', 'MANN', 'EZ', 'ES', 'INI', 'ELLI', 'SKI', 'ESCU', 'OGLU', 'IĆ', 'OVÁ', 'BERG', 'STRÖM', 'HOLM', 'ETTI', 'ARD', 'EAU'];

function latinSurname(rng: Rng): Part {
  if (rng() < 0.3) return pick(rng, LATIN_SURNAMES);
  const word = pick(rng, LATIN_STEMS) + pick(rng, LATIN_LINKS) + (rng() < 0.6 ? pick(rng, LATIN_STEMS) : '') + pick(rng, LATIN_SUFFIXES);
  const plain = word.normalize('NFKD').replace(/\p{M}+/gu, '');
  return plain === word ? L(word) : L(word, plain);
}

// ---- Chinese (Pinyin) -----------------------------------------------------------------------
const CN_SURNAMES = ('WANG LI ZHANG LIU CHEN YANG HUANG ZHAO WU ZHOU XU SUN MA ZHU HU GUO HE GAO LIN LUO ZHENG LIANG XIE SONG TANG HAN FENG DENG CAO ' +
  'PENG ZENG XIAO TIAN DONG YUAN PAN YU JIANG CAI JIA DING WEI XUE YE YAN QIAN SHEN LU DU REN CHENG FU FAN FANG SHI YAO TAN LIAO ZOU XIONG JIN ' +
  'LONG HAO KONG SHAO WAN QIN GU MENG BAI MAO QIU HOU JIANG DAI WEN DUAN LEI LAI YIN KANG').split(' ');
const CN_SYLLABLES = ('WEI MING HUA JIAN GUO LI JUN HONG XIAO YAN YING HAI BO TAO LIN FENG YU ZHI QIANG PING CHUN DONG XIN YI LONG MEI JING HUI ' +
  'LAN NA QING SHAN WEN KAI RUI HAO YONG JIE BIN CHAO DE GANG HENG JIA KUN LEI PENG SHENG TING XUE YUN ZHEN AN BAO CAI CHANG CHEN CHENG DA ' +
  'FANG FEI FU GUANG HAN HAN HE HENG HU JIAO JIN KANG KE LE LIANG LONG LU MIN NAN NING PEI QI QIAO RONG RU SHUANG SI SONG TIAN WAN WU XI XIA ' +
  'XIANG XIU XU XUAN YA YANG YAO YE YUAN ZE ZHAO ZHONG ZI').split(' ');

// ---- Categories -----------------------------------------------------------------------------
const CATEGORIES: ReadonlyArray<readonly [number, string]> = [
  [0.45, 'sanction'],
  [0.2, 'wanted'],
  [0.1, 'terrorism'],
  [0.15, 'crime'],
  [0.05, 'poi'],
  [0.05, 'pep'],
];
const NATIONALITIES: Record<Culture, readonly string[]> = {
  cyrillic: ['RUS', 'UKR', 'BLR', 'KAZ', 'KGZ', 'SRB'],
  arabic: ['SYR', 'IRQ', 'SAU', 'EGY', 'LBN', 'JOR', 'YEM', 'LBY', 'SDN', 'ARE'],
  greek: ['GRC', 'CYP'],
  latin: ['FRA', 'DEU', 'ESP', 'ITA', 'PRT', 'POL', 'TUR', 'NLD', 'SWE', 'GBR', 'USA', 'SRB', 'HRV', 'COL', 'MEX', 'BRA'],
  chinese: ['CHN', 'TWN', 'SGP', 'MYS'],
  caucasus: ['ARM', 'GEO'],
  hebrew: ['ISR'],
};

const CULTURES: ReadonlyArray<readonly [number, Culture]> = [
  [0.3, 'latin'],
  [0.2, 'cyrillic'],
  [0.22, 'arabic'],
  [0.1, 'chinese'],
  [0.08, 'greek'],
  [0.09, 'caucasus'],
  [0.01, 'hebrew'],
];

function weighted<T>(rng: Rng, table: ReadonlyArray<readonly [number, T]>): T {
  let x = rng();
  for (const [w, v] of table) {
    if (x < w) return v;
    x -= w;
  }
  return table[table.length - 1]![1];
}

const pad = (n: number) => String(n).padStart(2, '0');

function birthDate(rng: Rng): string {
  const y = 1940 + Math.floor(rng() * 65);
  const m = 1 + Math.floor(rng() * 12);
  const d = 1 + Math.floor(rng() * 28);
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** One person of a culture; the parts in their own script when the culture has one. */
function makePerson(rng: Rng, culture: Culture): Omit<SyntheticPerson, 'alert'> {
  const sex: 'M' | 'F' = rng() < 0.78 ? 'M' : 'F';
  const trueBirthDate = birthDate(rng);
  switch (culture) {
    case 'cyrillic': {
      const given = fromSeed(pick(rng, sex === 'M' ? CYR_GIVEN_M : CYR_GIVEN_F));
      const father = fromSeed(pick(rng, CYR_GIVEN_M));
      const seedSurname = rng() < 0.2 ? pick(rng, CYR_SEED_SURNAMES) : undefined;
      const surname = seedSurname && sex === 'M' ? fromSeed(seedSurname) : cyrillicSurname(rng, sex);
      return { culture, sex, trueBirthDate, given, middle: patronymic(father, sex), surname };
    }
    case 'arabic': {
      const given = pick(rng, sex === 'M' ? ARABIC_GIVEN_M : ARABIC_GIVEN_W);
      const father = pick(rng, ARABIC_GIVEN_M);
      return { culture, sex, trueBirthDate, given, middle: father, surname: arabicFamily(rng) };
    }
    case 'greek': {
      const pool = GR_GIVEN.filter((g) => GR_GIVEN_F.has(g.native) === (sex === 'F'));
      return { culture, sex, trueBirthDate, given: fromSeed(pick(rng, pool)), surname: greekSurname(rng, sex) };
    }
    case 'latin': {
      const given = pick(rng, sex === 'M' ? LATIN_GIVEN_M : LATIN_GIVEN_F);
      const middle = rng() < 0.3 ? pick(rng, sex === 'M' ? LATIN_GIVEN_M : LATIN_GIVEN_F) : undefined;
      const surname = latinSurname(rng);
      return { culture, sex, trueBirthDate, given, ...(middle && middle !== given ? { middle } : {}), surname };
    }
    case 'chinese': {
      const a = pick(rng, CN_SYLLABLES);
      const b = rng() < 0.75 ? pick(rng, CN_SYLLABLES) : '';
      const joined = a + b.toLowerCase();
      const given = L(joined.toUpperCase(), b ? `${a}-${b}` : a, b ? `${a} ${b}` : a);
      return { culture, sex, trueBirthDate, given, surname: L(pick(rng, CN_SURNAMES)) };
    }
    case 'caucasus': {
      const armenian = rng() < 0.5;
      const pool = armenian ? seedPool('armenian') : seedPool('georgian');
      // Seed surnames carry their own script; generated ones are Latin only.
      const surname =
        rng() < 0.3
          ? fromSeed(pick(rng, pool.surnames))
          : L(pick(rng, LATIN_STEMS) + pick(rng, LATIN_LINKS) + (armenian ? pick(rng, ['YAN', 'IAN', 'ENTS']) : pick(rng, ['SHVILI', 'DZE', 'IA', 'AVA'])));
      return { culture, sex, trueBirthDate, given: fromSeed(pick(rng, pool.given)), surname };
    }
    case 'hebrew': {
      const pool = seedPool('hebrew');
      return { culture, sex, trueBirthDate, given: fromSeed(pick(rng, pool.given)), surname: fromSeed(pick(rng, pool.surnames)) };
    }
  }
}

const latinOf = (rng: Rng, p: Part) => pick(rng, p.latin.length ? p.latin : [p.native]);

/** Latin rendering: `SURNAME, Given Middle` or `Given Middle SURNAME`. */
export function renderLatin(rng: Rng, p: Pick<SyntheticPerson, 'given' | 'middle' | 'surname'>, opts: { surnameFirst?: boolean; middle?: boolean } = {}): string {
  const given = [latinOf(rng, p.given), ...(p.middle && opts.middle !== false ? [latinOf(rng, p.middle)] : [])].join(' ');
  const surname = latinOf(rng, p.surname);
  return opts.surnameFirst ? `${surname}, ${given}` : `${given} ${surname}`;
}

/** Native-script rendering, or undefined when a part has none. */
export function renderNative(p: Pick<SyntheticPerson, 'given' | 'middle' | 'surname'>, opts: { middle?: boolean; surnameFirst?: boolean } = {}): string | undefined {
  if (!p.given.native || !p.surname.native) return undefined;
  const parts = [p.given.native, ...(p.middle?.native && opts.middle !== false ? [p.middle.native] : [])];
  return opts.surnameFirst ? [p.surname.native, ...parts].join(' ') : [...parts, p.surname.native].join(' ');
}

const WAR_NAMES = ['ABU HAMZA', 'THE DOCTOR', 'EL CHINO', 'SHEIKH OMAR', 'MALYSH', 'KAPITAN', 'ABU MUSA', 'EL GORDO', 'TIGER', 'SOKOL'];

/**
 * `count` persons, deterministic for `seed`. Each has a Latin primary name, and some have: the
 * name in its own script, other Latin spellings, the name without the middle name, a nom de guerre.
 */
export function* syntheticPersons(count: number, seed = 20261127): Generator<SyntheticPerson> {
  const rng = seededRandom(seed);
  for (let i = 0; i < count; i++) {
    const person = makePerson(rng, weighted(rng, CULTURES));
    const name = renderLatin(rng, person, { surnameFirst: rng() < 0.5 });
    const aliases = new Set<string>();
    const native = renderNative(person, { middle: rng() < 0.7 });
    if (native && rng() < 0.6) aliases.add(native);
    const extra = Math.floor(rng() * 3);
    for (let k = 0; k < extra; k++) aliases.add(renderLatin(rng, person, { surnameFirst: rng() < 0.3, middle: rng() < 0.5 }));
    if (rng() < 0.05) aliases.add(pick(rng, WAR_NAMES));
    aliases.delete(name);
    // Lists often carry only the year, sometimes several candidate dates.
    const r = rng();
    const birthDates =
      r < 0.55 ? [person.trueBirthDate] : r < 0.85 ? [person.trueBirthDate.slice(0, 4)] : r < 0.95 ? [person.trueBirthDate, birthDate(rng)] : [];
    const category = weighted(rng, CATEGORIES);
    yield {
      ...person,
      alert: {
        id: `SYN-${String(i + 1).padStart(7, '0')}`,
        name,
        aliases: [...aliases],
        birthDates,
        nationalities: rng() < 0.9 ? [pick(rng, NATIONALITIES[person.culture])] : [],
        sex: person.sex,
        category,
        ...(rng() < 0.03 ? { expires: rng() < 0.5 ? '2021-06-30' : '2031-12-31' } : {}),
        source: 'synthetic',
      },
    };
  }
}

/** A traveller who is not on the list (a fresh person from another seed); may share names with listed ones. */
export function* syntheticTravellers(count: number, seed = 7): Generator<SyntheticPerson> {
  yield* syntheticPersons(count, seed);
}

/** One keying error in a word of ≥ 5 letters: substitution, deletion, insertion or swap. */
function typo(rng: Rng, word: string): string {
  if (word.length < 5) return word;
  const letters = [...word];
  const i = 1 + Math.floor(rng() * (letters.length - 2));
  const alphabet = 'ABCDEFGHIKLMNOPRSTUVZ';
  switch (Math.floor(rng() * 4)) {
    case 0:
      letters[i] = pick(rng, [...alphabet].filter((c) => c !== letters[i]));
      break;
    case 1:
      letters.splice(i, 1);
      break;
    case 2:
      letters.splice(i, 0, pick(rng, [...alphabet]));
      break;
    default:
      [letters[i], letters[i + 1]] = [letters[i + 1] ?? '', letters[i] ?? ''];
  }
  return letters.join('');
}

export const VARIANT_KINDS = ['as-listed', 'other-spelling', 'native-script', 'typo', 'surname-first', 'middle-dropped'] as const;
export type VariantKind = (typeof VARIANT_KINDS)[number];

/** How a listed person's document might render their name. */
export function travellerVariant(rng: Rng, p: SyntheticPerson, kind: VariantKind): string {
  switch (kind) {
    case 'as-listed':
      return p.alert.name;
    case 'other-spelling':
      return renderLatin(rng, p);
    case 'native-script':
      return renderNative(p, { middle: rng() < 0.5, surnameFirst: rng() < 0.3 }) ?? renderLatin(rng, p);
    case 'typo': {
      const words = renderLatin(rng, p).split(' ');
      const long = words.map((w, i) => (w.length >= 5 ? i : -1)).filter((i) => i >= 0);
      if (long.length) {
        const i = pick(rng, long);
        words[i] = typo(rng, words[i]!);
      }
      return words.join(' ');
    }
    case 'surname-first':
      return renderLatin(rng, p, { surnameFirst: true });
    case 'middle-dropped':
      return renderLatin(rng, p, { middle: false });
  }
}

export { seededRandom };

/** CSV line of one synthetic person (the importer's CSV format). */
export function toCsvLine(p: SyntheticPerson): string {
  const a = p.alert;
  const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [a.id, a.name, (a.aliases ?? []).join('|'), a.birthDates.join('|'), (a.nationalities ?? []).join('|'), a.sex ?? '', a.category ?? '', '', '', a.source ?? '', a.expires ?? '', '']
    .map((v) => q(v))
    .join(',');
}

export const CSV_HEADER = 'id,name,aliases,dob,nationality,sex,category,action,severity,source,expires,documents';
