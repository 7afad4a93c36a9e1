// Importers of external data into the store: GDELT and ICEWS events, UN General Assembly votes.
export type { ImportOptions, ImportSummary } from './gdelt.ts';
export { GDELT_LAYOUTS, importGdelt } from './gdelt.ts';
export { importIcews } from './icews.ts';
export { DEFAULT_MAX_EXPANDED_BYTES } from './lines.ts';
export type { UnVotesImportOptions, UnVotesSummary } from './unvotes.ts';
export { importUnVotes } from './unvotes.ts';
export type { ImportTarget } from './writer.ts';
