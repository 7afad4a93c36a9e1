import { pipelineSection } from './pipeline.ts';
import type { BenchSection } from './types.ts';

export const SECTIONS: BenchSection[] = [pipelineSection];
