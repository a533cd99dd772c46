// Codes allowed for the issuing state or organisation and for the nationality in an MRZ.
//
// Source: ICAO Doc 9303, Machine Readable Travel Documents, Part 3 "Specifications Common to all
// MRTDs", section 5 (codes for nationality, place of birth and issuing State or organization):
// the ISO 3166-1 alpha-3 codes, with Germany written `D`, plus the codes ICAO assigns to British
// nationality classes, international organisations and persons without a nationality. The list of
// ISO 3166-1 alpha-3 codes was checked against Debian iso-codes 4.15.0 (249 codes).
//
// Decisions, each deliberate:
// - `DEU` is not accepted: 9303-3 writes Germany as `D` and no German document carries `DEU`; a
//   document that does is flagged.
// - `ZIM` is not accepted: it is not in 9303-3 (Zimbabwe is `ZWE`; ZIM is the IOC sports code).
// - `UTO` (Utopia), the specimen state of the 9303 examples, is accepted so that specimens parse;
//   the parser adds a warning whenever it appears.
// A lookup is by the code with its trailing fillers removed (`D<<` → `D`).

/** ISO 3166-1 alpha-3, less DEU (see above). */
const ISO_3166_ALPHA3 = `
ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE
BDI BEL BEN BES BFA BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA
CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE
DJI DMA DNK DOM DZA
ECU EGY ERI ESH ESP EST ETH
FIN FJI FLK FRA FRO FSM
GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY
HKG HMD HND HRV HTI HUN
IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA
JAM JEY JOR JPN
KAZ KEN KGZ KHM KIR KNA KOR KWT
LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA
MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT
NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL
OMN
PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF
QAT
REU ROU RUS RWA
SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR
TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA
UGA UKR UMI URY USA UZB
VAT VCT VEN VGB VIR VNM VUT
WLF WSM
YEM
ZAF ZMB ZWE
`;

/** Codes ICAO Doc 9303 Part 3 adds to ISO 3166-1, with what each stands for. */
export const ICAO_SPECIAL_CODES: Readonly<Record<string, string>> = {
  D: 'Germany',
  GBD: 'British Overseas Territories Citizen',
  GBN: 'British National (Overseas)',
  GBO: 'British Overseas Citizen',
  GBP: 'British Protected Person',
  GBS: 'British Subject',
  RKS: 'Republic of Kosovo',
  EUE: 'European Union',
  UNO: 'United Nations Organization or one of its officials',
  UNA: 'Specialized agency of the United Nations or one of its officials',
  UNK: 'Resident of Kosovo with a travel document issued by UNMIK',
  XBA: 'African Development Bank',
  XIM: 'African Export-Import Bank',
  XCC: 'Caribbean Community or one of its emissaries',
  XCE: 'Council of Europe',
  XCO: 'Common Market for Eastern and Southern Africa',
  XEC: 'Economic Community of West African States',
  XPO: 'International Criminal Police Organization (INTERPOL)',
  XES: 'Organisation of Eastern Caribbean States',
  XMP: 'Parliamentary Assembly of the Mediterranean',
  XOM: 'Sovereign Military Order of Malta or one of its emissaries',
  XDC: 'Southern African Development Community',
  XXA: 'Stateless person (1954 Convention)',
  XXB: 'Refugee (1951 Convention)',
  XXC: 'Refugee, other than XXB',
  XXX: 'Person of unspecified nationality',
  UTO: 'Utopia (ICAO specimen state)',
};

/** The ICAO 9303 specimen state: accepted, but worth a warning at a booth. */
export const SPECIMEN_STATE = 'UTO';

export const ICAO_STATE_CODES: ReadonlySet<string> = new Set([
  ...ISO_3166_ALPHA3.split(/\s+/).filter((code) => code.length > 0),
  ...Object.keys(ICAO_SPECIAL_CODES),
]);

/** Whether `code` (trailing fillers already removed) is a valid MRZ state or organisation code. */
export function isIcaoStateCode(code: string): boolean {
  return ICAO_STATE_CODES.has(code);
}
