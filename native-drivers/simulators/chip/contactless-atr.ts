/**
 * ATRs as a PC/SC contactless reader reports them for an ISO/IEC 14443-4 card (PC/SC part 3
 * §3.1.3.2.3): 3B 8n 80 01 <n historical bytes> TCK. TD1 = 80 and TD2 = 01 announce T=1, so
 * pcscd lets the station ask for T=1 as with a real reader; TCK makes the XOR of T0..TCK zero.
 */

export function contactlessAtr(historicalBytes: Buffer): Buffer {
  if (historicalBytes.length > 15) throw new RangeError(`an ATR carries at most 15 historical bytes, got ${historicalBytes.length}`);
  const body = Buffer.concat([Buffer.from([0x80 | historicalBytes.length, 0x80, 0x01]), historicalBytes]);
  let tck = 0;
  for (const b of body) tck ^= b;
  return Buffer.concat([Buffer.from([0x3b]), body, Buffer.from([tck])]);
}

/**
 * Historical bytes in ISO/IEC 7816-4 format (category 80, then compact-TLV): card capabilities
 * (tag 7, 3 bytes) say selection by DF name, FID and SFI (94), one-byte data units (01), and in the
 * third byte whether extended Lc/Le are supported (40) with their limits in EF.ATR/INFO (20).
 */
export function icaoContactlessAtr(options: { extendedLength: boolean }): Buffer {
  return contactlessAtr(Buffer.from([0x80, 0x73, 0x94, 0x01, options.extendedLength ? 0x60 : 0x00]));
}
