// Ingest: inputs (files, folders, stdin, URLs) to Documents, and the loop that stores them.
export { type DocumentFields, derivedId, makeDocument } from './document.ts';
export {
  contentHash,
  hammingDistance,
  NEAR_DUPLICATE_BITS,
  normalizeForHash,
  simhash,
  simhashBands,
} from './hash.ts';
export { InputRejected } from './reject.ts';
export {
  type DocumentExtractor,
  type IngestOptions,
  type IngestProgress,
  type IngestSummary,
  ingestInputs,
  isBulkLoad,
  type Rejection,
} from './run.ts';
export {
  countInputFiles,
  DEFAULT_MAX_BYTES,
  documentFromJsonRecord,
  type IngestItem,
  isUrl,
  type ReadOptions,
  readInputs,
  sniffFormat,
} from './sources.ts';
