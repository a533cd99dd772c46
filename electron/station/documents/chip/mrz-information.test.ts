// MRZ_information as ICAO 9303-11 Appendix D.2 composes it, and the PACE worked example's (Appendix G).
import { describe, expect, it } from 'vitest';
import { BacError, deriveBacKeys } from '../../../../native-drivers/epassport/index.js';
import { mrzInformation } from './mrz-information.js';

describe('mrzInformation', () => {
  it('composes the Appendix D.2 example from the document number, birth and expiry dates', () => {
    const info = mrzInformation({ documentNumber: 'L898902C', dateOfBirth: '690806', dateOfExpiry: '940623' });
    expect(info).toBe('L898902C<369080619406236');
    // …which the driver turns into the Appendix D.2 Kenc.
    expect(deriveBacKeys(info).kEnc.toString('hex').toUpperCase()).toBe('AB94FDECF2674FDFB9B391F85D7F76F2');
  });

  it('composes the PACE worked example (Appendix G) password', () => {
    expect(mrzInformation({ documentNumber: 'T22000129', dateOfBirth: '640812', dateOfExpiry: '101031' })).toBe('T22000129364081251010318');
  });

  it('keeps a 12-character document number whole (Appendix D, STEVENSON example, as in gmrtd/gmrtd password tests)', () => {
    expect(mrzInformation({ documentNumber: 'D23145890734', dateOfBirth: '340712', dateOfExpiry: '950712' })).toBe('D23145890734934071279507122');
  });

  it('refuses characters outside the MRZ alphabet and malformed dates', () => {
    expect(() => mrzInformation({ documentNumber: 'L8989-2C', dateOfBirth: '690806', dateOfExpiry: '940623' })).toThrow(BacError);
    expect(() => mrzInformation({ documentNumber: 'L898902C', dateOfBirth: '69086', dateOfExpiry: '940623' })).toThrow(BacError);
  });
});
