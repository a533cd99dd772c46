/** Public API of the device drivers. The station imports from here, never from inside the folders. */
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
