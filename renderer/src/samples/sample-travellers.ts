import type { MessageKey } from '../i18n/catalog-type.js';

/**
 * Documents for the simulated reader. Each is a TD3 (passport) MRZ with correct check digits
 * (`sample-travellers.test.ts` recomputes them). The first is ICAO Doc 9303's own specimen, which
 * expired in 2012: the station should fail its expiry check, as it would at a real booth.
 */
export interface SampleTraveller {
  id: string;
  /** As printed in the MRZ, so it is not translated. */
  name: string;
  noteKey: Extract<MessageKey, `simulate.note.${string}`>;
  mrz: readonly [string, string];
}

export const SAMPLE_TRAVELLERS: readonly SampleTraveller[] = [
  {
    id: 'eriksson',
    name: 'ERIKSSON, ANNA MARIA (UTO)',
    noteKey: 'simulate.note.expired',
    mrz: ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'],
  },
  {
    id: 'garcia-lopez',
    name: 'GARCIA LOPEZ, LUCIA (ESP)',
    noteKey: 'simulate.note.valid',
    mrz: ['P<ESPGARCIA<LOPEZ<<LUCIA<<<<<<<<<<<<<<<<<<<<', 'PAB1234561ESP9103177F3109225<<<<<<<<<<<<<<<0'],
  },
  {
    id: 'haddad',
    name: 'HADDAD, KARIM (JOR)',
    noteKey: 'simulate.note.shortNumber',
    mrz: ['P<JORHADDAD<<KARIM<<<<<<<<<<<<<<<<<<<<<<<<<<', 'R4471902<2JOR8511043M3306057<<<<<<<<<<<<<<<4'],
  },
];
