import { importSection } from './import.ts';
import { ingestSection } from './ingest.ts';
import { loadSection } from './load.ts';
import { pipelineSection } from './pipeline.ts';
import { queriesSection } from './queries.ts';
import type { BenchSection } from './types.ts';

/** In the order they run; `--only NAME,...` picks some. */
export const SECTIONS: BenchSection[] = [
  pipelineSection,
  ingestSection,
  importSection,
  queriesSection,
  loadSection,
];
