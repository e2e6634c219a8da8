/** The five example plans, read once per test file. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readPlanDocument, type PlanDocument } from '../../src/plan/markdown/readPlan.ts';

export const EXAMPLE_IDS = [
  'etika-platform',
  'lootopia-launch',
  'ifha-rating-system',
  'techplus-v1',
  'mbayar-go-live',
] as const;
export type ExampleId = (typeof EXAMPLE_IDS)[number];

export function examplePath(id: ExampleId): string {
  return fileURLToPath(new URL(`../../examples/plans/${id}.md`, import.meta.url));
}

export function exampleBytes(id: ExampleId): Buffer {
  return readFileSync(examplePath(id));
}

export function readExample(id: ExampleId): PlanDocument {
  return readPlanDocument(exampleBytes(id), { id });
}
