/**
 * Seed names for the generated evaluation set (evaluate.ts): names in their own script with the
 * Latin spellings that documents and lists actually use for them, written for this project from
 * general knowledge of naming practice. The Latin spellings deliberately include traditions that
 * the transliteration tables do not produce (French, German, older English), so the set measures
 * cross-tradition matching, not just the tables' agreement with themselves.
 */

export interface SeedName {
  /** Native-script spelling ('' for Latin-only seeds). */
  native: string;
  /** Latin spellings; the first is the most common. */
  latin: readonly string[];
}

export interface SeedPool {
  script: 'latin' | 'cyrillic' | 'arabic' | 'greek' | 'armenian' | 'georgian' | 'hebrew';
  given: readonly SeedName[];
  surnames: readonly SeedName[];
}

const s = (native: string, ...latin: string[]): SeedName => ({ native, latin });

export const SEED_POOLS: readonly SeedPool[] = [
  {
    script: 'cyrillic',
    given: [
      s('Владимир', 'VLADIMIR', 'WLADIMIR'), s('Сергей', 'SERGEY', 'SERGEI', 'SERGUEI', 'SERGEJ'),
      s('Алексей', 'ALEKSEY', 'ALEXEI', 'ALEKSEI', 'ALEXEY'), s('Дмитрий', 'DMITRY', 'DMITRIY', 'DMITRII', 'DMITRI'),
      s('Юрий', 'YURI', 'YURIY', 'IURII', 'JURIJ'), s('Андрей', 'ANDREY', 'ANDREI'), s('Николай', 'NIKOLAY', 'NIKOLAI'),
      s('Михаил', 'MIKHAIL', 'MICHAIL'), s('Евгений', 'YEVGENY', 'EVGENII', 'EVGENIY', 'EVGUENI'),
      s('Александр', 'ALEKSANDR', 'ALEXANDR', 'ALEXANDRE'), s('Игорь', 'IGOR'), s('Олег', 'OLEG'),
      s('Ольга', 'OLGA'), s('Наталья', 'NATALYA', 'NATALIA'), s('Татьяна', 'TATYANA', 'TATIANA'),
      s('Екатерина', 'YEKATERINA', 'EKATERINA'), s('Юлия', 'YULIA', 'IULIIA', 'YULIYA'), s('Елена', 'ELENA', 'YELENA'),
      s('Мария', 'MARIYA', 'MARIA'), s('Ирина', 'IRINA'), s('Светлана', 'SVETLANA'), s('Виктор', 'VIKTOR', 'VICTOR'),
      s('Григорий', 'GRIGORY', 'GRIGORII', 'GRIGORIY'), s('Фёдор', 'FYODOR', 'FEDOR'), s('Константин', 'KONSTANTIN'),
    ],
    surnames: [
      s('Иванов', 'IVANOV'), s('Петров', 'PETROV'), s('Смирнов', 'SMIRNOV'), s('Кузнецов', 'KUZNETSOV', 'KOUZNETSOV'),
      s('Соколов', 'SOKOLOV'), s('Лебедев', 'LEBEDEV'), s('Козлов', 'KOZLOV'), s('Новиков', 'NOVIKOV'),
      s('Морозов', 'MOROZOV'), s('Волков', 'VOLKOV', 'WOLKOW'), s('Соловьёв', 'SOLOVYOV', 'SOLOVIEV', 'SOLOVYEV'),
      s('Васильев', 'VASILYEV', 'VASILIEV'), s('Зайцев', 'ZAYTSEV', 'ZAITSEV'), s('Семёнов', 'SEMYONOV', 'SEMENOV'),
      s('Голубев', 'GOLUBEV'), s('Виноградов', 'VINOGRADOV'), s('Воробьёв', 'VOROBYOV', 'VOROBIEV'),
      s('Фёдоров', 'FYODOROV', 'FEDOROV'), s('Михайлов', 'MIKHAILOV', 'MIKHAYLOV'), s('Беляев', 'BELYAEV', 'BELIAEV'),
      s('Тарасов', 'TARASOV'), s('Комаров', 'KOMAROV'), s('Киселёв', 'KISELYOV', 'KISELEV'), s('Макаров', 'MAKAROV'),
      s('Андреев', 'ANDREEV', 'ANDREYEV'), s('Ковалёв', 'KOVALYOV', 'KOVALEV'), s('Кудрявцев', 'KUDRYAVTSEV', 'KUDRIAVTSEV'),
      s('Яковлев', 'YAKOVLEV', 'IAKOVLEV'), s('Захаров', 'ZAKHAROV', 'ZAHAROV'), s('Горбачёв', 'GORBACHEV', 'GORBATCHEV', 'GORBATSCHOW'),
      s('Жуков', 'ZHUKOV', 'JOUKOV', 'SCHUKOW'), s('Щербаков', 'SHCHERBAKOV', 'SCHERBAKOV'), s('Чернов', 'CHERNOV', 'TCHERNOV'),
      s('Хохлов', 'KHOKHLOV', 'HOHLOV'), s('Цветков', 'TSVETKOV', 'CVETKOV'), s('Шевченко', 'SHEVCHENKO', 'CHEVTCHENKO', 'SCHEWTSCHENKO'),
      s('Ткаченко', 'TKACHENKO', 'TKATCHENKO'), s('Медведев', 'MEDVEDEV', 'MEDWEDEW'), s('Лукашенко', 'LUKASHENKO', 'LOUKACHENKO'),
      s('Мельников', 'MELNIKOV'),
    ],
  },
  {
    script: 'arabic',
    given: [
      s('محمد', 'MOHAMMED', 'MUHAMMAD', 'MOHAMED', 'MOHAMMAD', 'MOHAMAD'), s('أحمد', 'AHMED', 'AHMAD'), s('علي', 'ALI'),
      s('حسن', 'HASSAN', 'HASAN'), s('حسين', 'HUSSEIN', 'HUSSAIN', 'HUSAYN', 'HOUSSEIN'), s('عمر', 'OMAR', 'UMAR'),
      s('خالد', 'KHALID', 'KHALED'), s('يوسف', 'YOUSEF', 'YUSUF', 'YOUSSEF', 'YOUSSOUF'), s('إبراهيم', 'IBRAHIM', 'EBRAHIM', 'IBRAHEEM'),
      s('مصطفى', 'MUSTAFA', 'MOSTAFA', 'MUSTAPHA'), s('محمود', 'MAHMOUD', 'MAHMUD'), s('عبدالله', 'ABDULLAH', 'ABDALLAH', 'ABDELLAH'),
      s('سعيد', 'SAEED', 'SAID', 'SAID'), s('صالح', 'SALEH', 'SALIH'), s('جمال', 'JAMAL', 'GAMAL', 'DJAMEL'),
      s('طارق', 'TARIQ', 'TAREK', 'TARIK'), s('كريم', 'KARIM', 'KAREEM'), s('فاطمة', 'FATIMA', 'FATMA', 'FATIMAH'),
      s('عائشة', 'AISHA', 'AICHA', 'AYESHA'), s('مريم', 'MARYAM', 'MARIAM'), s('زينب', 'ZAINAB', 'ZEINAB', 'ZAYNAB'),
      s('خديجة', 'KHADIJA', 'KHADIJAH'), s('ليلى', 'LAYLA', 'LEILA', 'LAILA'), s('فيصل', 'FAISAL', 'FAYSAL'),
      s('وليد', 'WALID', 'WALEED', 'OUALID'), s('ماجد', 'MAJID', 'MAJED'), s('نبيل', 'NABIL', 'NABEEL'), s('رامي', 'RAMI'),
      s('سامي', 'SAMI', 'SAMY'), s('أنور', 'ANWAR', 'ANOUAR'),
    ],
    surnames: [
      s('الشمري', 'AL-SHAMMARI', 'ALSHAMMARI', 'EL SHAMMARI'), s('القحطاني', 'AL-QAHTANI', 'ALQAHTANI', 'AL KAHTANI'),
      s('الزهراني', 'AL-ZAHRANI', 'ALZAHRANI'), s('العتيبي', 'AL-OTAIBI', 'AL-UTAYBI', 'ALOTAIBI'),
      s('الدوسري', 'AL-DOSARI', 'AL-DOSSARY', 'ALDOSARI'), s('المطيري', 'AL-MUTAIRI', 'ALMUTAIRI'),
      s('الحربي', 'AL-HARBI', 'ALHARBI'), s('الغامدي', 'AL-GHAMDI', 'ALGHAMDI'), s('البغدادي', 'AL-BAGHDADI', 'EL BAGHDADI'),
      s('التكريتي', 'AL-TIKRITI', 'ALTIKRITI'), s('حداد', 'HADDAD'), s('خوري', 'KHOURY', 'KHURI'), s('منصور', 'MANSOUR', 'MANSUR'),
      s('نصر', 'NASR', 'NASSER'), s('سليمان', 'SULEIMAN', 'SULAYMAN', 'SOLIMAN'), s('عثمان', 'OTHMAN', 'OSMAN', 'UTHMAN'),
      s('حمدان', 'HAMDAN'), s('يعقوب', 'YACOUB', 'YAQUB', 'YAKOUB'), s('قاسم', 'QASIM', 'KASSEM', 'QASEM'),
      s('ناصر', 'NASSER', 'NASIR'), s('شريف', 'SHARIF', 'CHERIF'), s('رشيد', 'RASHID', 'RACHID'), s('جابر', 'JABER', 'JABIR'),
      s('موسى', 'MOUSSA', 'MUSA'), s('داود', 'DAOUD', 'DAWOOD', 'DAWUD'), s('زيدان', 'ZIDANE', 'ZAIDAN', 'ZEIDAN'),
      s('هاشم', 'HASHEM', 'HASHIM'), s('فاروق', 'FAROUK', 'FARUQ'), s('بشير', 'BASHIR', 'BECHIR'), s('حمزة', 'HAMZA', 'HAMZAH'),
      s('عبد الرحمن', 'ABDUL RAHMAN', 'ABDELRAHMAN', 'ABD AL-RAHMAN', 'ABDULRAHMAN'), s('عبد العزيز', 'ABDUL AZIZ', 'ABDELAZIZ', 'ABD AL-AZIZ'),
    ],
  },
  {
    script: 'greek',
    given: [
      s('Γεώργιος', 'GEORGIOS'), s('Δημήτριος', 'DIMITRIOS', 'DEMETRIOS'), s('Κωνσταντίνος', 'KONSTANTINOS', 'CONSTANTINOS'),
      s('Ιωάννης', 'IOANNIS', 'IOANNES'), s('Νικόλαος', 'NIKOLAOS', 'NICOLAOS'), s('Παναγιώτης', 'PANAGIOTIS', 'PANAYIOTIS'),
      s('Βασίλειος', 'VASILEIOS', 'VASILIOS', 'VASSILIOS'), s('Χρήστος', 'CHRISTOS', 'CHRISTOS', 'HRISTOS'),
      s('Αθανάσιος', 'ATHANASIOS', 'ATHANASSIOS'), s('Μιχαήλ', 'MICHAIL', 'MIKHAIL'), s('Ευάγγελος', 'EVANGELOS', 'EVAGGELOS'),
      s('Σπυρίδων', 'SPYRIDON', 'SPIRIDON'), s('Αντώνιος', 'ANTONIOS'), s('Ελένη', 'ELENI'), s('Μαρία', 'MARIA'),
      s('Αικατερίνη', 'AIKATERINI', 'EKATERINI'), s('Σοφία', 'SOFIA', 'SOPHIA'), s('Αναστασία', 'ANASTASIA'),
      s('Δέσποινα', 'DESPOINA', 'DESPINA'), s('Θεόδωρος', 'THEODOROS', 'THEODOROS'),
    ],
    surnames: [
      s('Παπαδόπουλος', 'PAPADOPOULOS'), s('Παπαγεωργίου', 'PAPAGEORGIOU'), s('Οικονόμου', 'OIKONOMOU', 'IKONOMOU', 'ECONOMOU'),
      s('Γεωργίου', 'GEORGIOU'), s('Βασιλείου', 'VASILEIOU', 'VASSILIOU'), s('Νικολάου', 'NIKOLAOU'), s('Καραγιάννης', 'KARAGIANNIS', 'KARAYANNIS'),
      s('Μακρής', 'MAKRIS'), s('Αλεξίου', 'ALEXIOU'), s('Δημητρίου', 'DIMITRIOU'), s('Ιωάννου', 'IOANNOU'),
      s('Αντωνίου', 'ANTONIOU'), s('Κωνσταντίνου', 'KONSTANTINOU'), s('Χατζηδάκης', 'CHATZIDAKIS', 'HATZIDAKIS'),
      s('Παπανικολάου', 'PAPANIKOLAOU'), s('Μπακογιάννης', 'BAKOGIANNIS', 'BAKOYANNIS'), s('Αγγελόπουλος', 'ANGELOPOULOS', 'AGGELOPOULOS'),
      s('Ευαγγέλου', 'EVANGELOU', 'EVAGGELOU'), s('Σταθόπουλος', 'STATHOPOULOS'), s('Θεοδωρίδης', 'THEODORIDIS'),
      s('Κυριακίδης', 'KYRIAKIDIS', 'KIRIAKIDIS'), s('Ξανθόπουλος', 'XANTHOPOULOS'), s('Ψαρράς', 'PSARRAS'), s('Ντόκος', 'DOKOS', 'NTOKOS'),
    ],
  },
  {
    script: 'armenian',
    given: [
      s('Արամ', 'ARAM'), s('Գրիգոր', 'GRIGOR'), s('Հովհաննես', 'HOVHANNES', 'OVANES'), s('Սարգիս', 'SARGIS', 'SARKIS'),
      s('Տիգրան', 'TIGRAN'), s('Արմեն', 'ARMEN'), s('Կարեն', 'KAREN'), s('Վարդան', 'VARDAN', 'WARDAN'), s('Աշոտ', 'ASHOT'),
      s('Անի', 'ANI'), s('Լուսինե', 'LUSINE', 'LOUSINE'), s('Նարե', 'NARE'), s('Մարիամ', 'MARIAM'), s('Գայանե', 'GAYANE', 'GAIANE'),
    ],
    surnames: [
      s('Պետրոսյան', 'PETROSYAN', 'PETROSSIAN', 'PETROSIAN'), s('Հարությունյան', 'HARUTYUNYAN', 'HAROUTIOUNIAN', 'ARUTYUNYAN'),
      s('Սարգսյան', 'SARGSYAN', 'SARKISSIAN', 'SARGSIAN'), s('Գրիգորյան', 'GRIGORYAN', 'GRIGORIAN'), s('Հակոբյան', 'HAKOBYAN', 'AKOPIAN', 'HAKOBIAN'),
      s('Վարդանյան', 'VARDANYAN', 'VARDANIAN'), s('Մկրտչյան', 'MKRTCHYAN', 'MKRTCHIAN'), s('Խաչատրյան', 'KHACHATRYAN', 'KHATCHATRIAN'),
      s('Ավետիսյան', 'AVETISYAN', 'AVETISSIAN'), s('Կարապետյան', 'KARAPETYAN', 'KARAPETIAN'), s('Մարտիրոսյան', 'MARTIROSYAN', 'MARTIROSSIAN'),
      s('Ղազարյան', 'GHAZARYAN', 'KAZARIAN', 'GHAZARIAN'), s('Աբրահամյան', 'ABRAHAMYAN', 'ABRAHAMIAN'), s('Հովհաննիսյան', 'HOVHANNISYAN', 'OVANESSIAN'),
    ],
  },
  {
    script: 'georgian',
    given: [
      s('გიორგი', 'GIORGI'), s('დავით', 'DAVIT'), s('ნიკოლოზ', 'NIKOLOZ'), s('ლევან', 'LEVAN'), s('ირაკლი', 'IRAKLI'),
      s('ზურაბ', 'ZURAB', 'SOURAB'), s('თამარ', 'TAMAR'), s('ნინო', 'NINO'), s('მარიამ', 'MARIAM'), s('ეკატერინე', 'EKATERINE'),
      s('ალექსანდრე', 'ALEKSANDRE', 'ALEXANDRE'), s('მიხეილ', 'MIKHEIL', 'MIKHEIL'),
    ],
    surnames: [
      s('ბერიძე', 'BERIDZE'), s('კაპანაძე', 'KAPANADZE'), s('გელაშვილი', 'GELASHVILI'), s('მაისურაძე', 'MAISURADZE'),
      s('გიორგაძე', 'GIORGADZE'), s('ლომიძე', 'LOMIDZE'), s('წიკლაური', 'TSIKLAURI'), s('ბოლქვაძე', 'BOLKVADZE'),
      s('ნოზაძე', 'NOZADZE'), s('ხუციშვილი', 'KHUTSISHVILI', 'KHOUTSICHVILI'), s('შენგელია', 'SHENGELIA', 'CHENGUELIA'),
      s('ჯავახიშვილი', 'JAVAKHISHVILI', 'DJAVAKHICHVILI'), s('ჭავჭავაძე', 'CHAVCHAVADZE', 'TCHAVTCHAVADZE'), s('სააკაშვილი', 'SAAKASHVILI', 'SAAKACHVILI'),
      s('ივანიშვილი', 'IVANISHVILI'),
    ],
  },
  {
    script: 'hebrew',
    given: [
      s('משה', 'MOSHE'), s('דוד', 'DAVID', 'DAVID'), s('יוסף', 'YOSEF', 'YOSSEF'), s('אברהם', 'AVRAHAM', 'ABRAHAM'),
      s('יצחק', 'YITZHAK', 'ITZHAK', 'YITSHAK'), s('יעקב', 'YAAKOV', 'YAKOV', 'YACOV'), s('שרה', 'SARAH', 'SARA'), s('רחל', 'RACHEL', 'RAHEL'),
      s('לאה', 'LEAH', 'LEA'), s('מרים', 'MIRIAM'), s('נתן', 'NATAN', 'NATHAN'), s('שמואל', 'SHMUEL', 'SHMOUEL'),
    ],
    surnames: [
      s('כהן', 'COHEN', 'KOHEN'), s('לוי', 'LEVI', 'LEVY'), s('מזרחי', 'MIZRAHI', 'MIZRACHI'), s('פרץ', 'PERETZ', 'PERETS'),
      s('ביטון', 'BITON', 'BITTON'), s('דהן', 'DAHAN'), s('פרידמן', 'FRIEDMAN', 'FRIDMAN'), s('שפירא', 'SHAPIRA', 'SHAPIRO'),
      s('גולדברג', 'GOLDBERG'), s('אזולאי', 'AZULAI', 'AZOULAY'), s('אוחיון', 'OHAYON', 'OCHAYON'), s('רוזנברג', 'ROSENBERG', 'ROZENBERG'),
    ],
  },
  {
    script: 'latin',
    given: [
      s('', 'WILLIAM'), s('', 'ROBERT'), s('', 'RICHARD'), s('', 'JAMES'), s('', 'MICHAEL'), s('', 'THOMAS'), s('', 'ELIZABETH'),
      s('', 'MARGARET'), s('', 'JOSÉ'), s('', 'FRANÇOIS'), s('', 'JÜRGEN'), s('', 'SØREN'), s('', 'BJÖRN'), s('', 'ŁUKASZ'),
      s('', 'MARÍA'), s('', 'INÊS'), s('', 'ZOË'), s('', 'MEHMET'), s('', 'AYŞE'), s('', 'DANIEL'), s('', 'KATHERINE'),
      s('', 'PATRICIA'), s('', 'CHRISTOPHER'), s('', 'ANTHONY'), s('', 'STEPHEN'), s('', 'NGOC ANH'), s('', 'WEI'), s('', 'LI'),
    ],
    surnames: [
      s('', 'SMITH'), s('', 'JOHNSON'), s('', 'MÜLLER'), s('', 'SCHRÖDER'), s('', 'GARCÍA'), s('', 'GONZÁLEZ'), s('', 'FERNÁNDEZ'),
      s('', 'NGUYEN'), s('', 'KOWALSKI'), s('', 'WÓJCIK'), s('', 'NOVÁK'), s('', 'DVOŘÁK'), s('', 'YILMAZ'), s('', 'ÖZTÜRK'),
      s('', 'ÇELIK'), s('', 'LEFÈVRE'), s('', 'DUBOIS'), s('', 'ROSSI'), s('', 'ESPOSITO'), s('', 'JANSSEN'), s('', 'DE JONG'),
      s('', 'VAN DER BERG'), s('', "O'BRIEN"), s('', 'MACDONALD'), s('', 'HÅKANSSON'), s('', 'ÆRØ'), s('', 'NA'), s('', 'WANG'),
      s('', 'ZHANG'), s('', 'CHEN'),
    ],
  },
];
