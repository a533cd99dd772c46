/**
 * Public API of the device drivers. The station imports from here, never from inside the folders —
 * except the pure ePassport protocol, `./epassport/index.js`, which it imports directly so that
 * parsing chip bytes does not load serialport or the PC/SC binding.
 */
export type { DecodeResult, MrzFrame, MrzFrameDecoder, RejectCode, RejectedFrame } from './document-reader/decode-result.js';
export { DEFAULT_INTER_BYTE_TIMEOUT_MS, DEFAULT_MAX_BUFFERED_BYTES } from './document-reader/frame-scanner.js';
export {
  encodeRteFrame,
  RteFrameDecoder,
  rteXorBcc,
  RTE_TD1_WIDTH,
  RTE_TWO_LINE_WIDTH,
  type RteBccMode,
  type RteEncodeOptions,
  type RteFrameDecoderOptions,
} from './document-reader/rte-frame.js';
export {
  DeskoFrameDecoder,
  encodeDeskoFrame,
  DESKO_DEFAULT_EOD,
  DESKO_DEFAULT_SOD,
  type DeskoFrameDecoderOptions,
  type DeskoFramingOptions,
} from './document-reader/desko-frame.js';
export {
  SerialDocumentReader,
  type ChunkEvent,
  type DocumentEvent,
  type DocumentReaderLogger,
  type ReaderCounters,
  type ReaderStatus,
  type ReconnectOptions,
  type RejectedEvent,
  type SerialDocumentReaderEvents,
  type SerialDocumentReaderOptions,
  type StatusEvent,
} from './document-reader/serial-document-reader.js';
export { openPtyPair, type PtyPair, type PtyPairOptions } from './serial/pty-pair.js';
export {
  RteDocumentReaderSimulator,
  type RteSimulatorOptions,
  type SwipeOptions,
} from './simulators/rte-document-reader-simulator.js';
// ---- PC/SC chip readers: APDUs, the pcscd transport, whole-file reads ----
export {
  ApduError,
  decodeCommandApdu,
  describeSw,
  encodeCommandApdu,
  encodeResponseApdu,
  getResponse,
  MAX_B0_OFFSET,
  needsExtendedLength,
  parseResponseApdu,
  readBinary,
  readBinaryOdd,
  requireOk,
  selectByAid,
  selectEf,
  selectMasterFile,
  SW as ISO7816_SW,
  swHex,
  unwrapOddReadBinary,
  type ApduErrorCode,
  type CommandApdu,
  type DecodedCommandApdu,
  type EncodeOptions,
  type ResponseApdu,
  type Transmit,
} from './epassport/apdu.js';
export { sendChained, sendCommand, withResponseHandling, type SendOptions } from './pcsc/apdu-channel.js';
export {
  BinaryFileReader,
  type BinaryFileReaderOptions,
  type EfReference,
  type FallbackEvent,
  type FileSizing,
  type ReadFileOptions,
} from './pcsc/binary-file-reader.js';
export {
  capabilitiesFromEfAtrInfo,
  capabilitiesFromHistoricalBytes,
  detectCardCapabilities,
  EF_ATR_INFO_SFI,
  parseAtr,
  readLimitsFor,
  SM_SAFE_SHORT_LE,
  type AtrInfo,
  type CardCapabilities,
  type ReadLimits,
} from './pcsc/card-capabilities.js';
export { PcscError, SCARD, type PcscErrorCode } from './pcsc/pcsc-error.js';
export {
  DEFAULT_PCSCD_SOCKET,
  PcscCard,
  PcscReader,
  PcscTransport,
  probePcscdSocket,
  type CardCounters,
  type ConnectOptions,
  type Disposition,
  type PcscBinding,
  type PcscBindingReader,
  type PcscTransportEvent,
  type PcscTransportOptions,
  type WaitOptions,
} from './pcsc/pcsc-transport.js';
// ---- simulated ePassport chip on vpcd ----
export { appletTransmit, type CardApplet } from './simulators/chip/card-applet.js';
export { contactlessAtr, icaoContactlessAtr } from './simulators/chip/contactless-atr.js';
export {
  EF as EMRTD_EF,
  EMRTD_AID,
  encodeEfAtrInfo,
  PlainEPassportApplet,
  type AccessCondition,
  type AppletContext,
  type AppletExtension,
  type AppletStats,
  type ChipFile,
  type FileSpec,
  type PlainEPassportOptions,
  type SecureChannel,
  type SelectedDf,
} from './simulators/chip/plain-epassport-applet.js';
export { VpcdClient, type VpcdClientEvents, type VpcdClientOptions, type VpcdCounters } from './simulators/chip/vpcd-client.js';
export {
  classifyVpcdPayload,
  encodeVpcdFrame,
  VPCD_DEFAULT_PORT,
  VpcdControl,
  VpcdFrameDecoder,
  VpcdFramingError,
  type VpcdMessage,
} from './simulators/chip/vpcd-framing.js';
// ---- simulated ePassport (personalised eMRTD with BAC, PACE, AA, CA and faults) ----
// The ePassport access protocol itself (APDUs, TLV, BAC, PACE, secure messaging) is imported from
// './epassport/index.js', which loads no native module.
export {
  loadTravellerProfile,
  mrzInformationFromLines,
  parseTravellerProfile,
  ProfileError,
  type ChipFaults,
  type FaceImageFormat,
  type TravellerProfile,
} from './simulators/chip/epassport/profile.js';
export { createSimulatedEPassport, SimulatedEPassport, type AccessOutcomes } from './simulators/chip/epassport/simulated-epassport.js';
export { startSimulatedChip, type SimulatedChipHandle, type StartSimulatedChipOptions } from './simulators/chip/epassport/simulated-chip.js';
export type { TrustMaterial } from './simulators/chip/epassport/issuer.js';
