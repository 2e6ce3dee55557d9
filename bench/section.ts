import type { SectionId } from './cli-options.ts';
import type { BenchContext } from './context.ts';
import type { SectionResult } from './report.ts';

export interface Section {
  id: SectionId;
  title: string;
  /** Whether it needs the benchmark site (DynamoDB Local, the catalog and traffic, the local server). */
  needsSite: boolean;
  run(ctx: BenchContext): Promise<SectionResult>;
}

/** Thrown by a section that cannot run here (a module not written yet): reported as skipped, not failed. */
export class SkipSection extends Error {}
