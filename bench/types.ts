export interface BenchRow {
  readonly section: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Human-readable target, e.g. '>= 5,000'. */
  readonly target?: string;
  readonly ok?: boolean;
}

export interface BenchContext {
  readonly quick: boolean;
  readonly machine: string;
  /** Values shared between sections (corpora, stores). */
  readonly cache: Map<string, unknown>;
}

export interface BenchSection {
  readonly name: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}
