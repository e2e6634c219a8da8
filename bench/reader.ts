/**
 * Reader benchmark: reading a generated ~1 MB plan, the largest example (TechPlus V1) and the
 * whole plan corpus (test/fixtures/plans, five languages), next to the raw parser alone
 * (mdast-util-from-markdown + GFM) on the same input, the two run alternately so both see the
 * same load. Target: the reader costs at most 2× the raw parse.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readPlanMarkdown } from '../src/plan/markdown/readPlan.ts';
import { repairText } from '../src/plan/markdown/decode.ts';
import { parseMarkdown } from '../src/plan/markdown/parse.ts';
import { generatePlanMarkdown } from './generatePlan.ts';
import { bestOfPair, progress, round } from './measure.ts';

function measure(name: string, text: string, repeat: number): Record<string, number> {
  progress(`${name}: ${(text.length / 1024).toFixed(0)} KiB`);
  // The baseline gets the text already repaired, so it parses exactly what the reader parses.
  const repaired = repairText(text).text;
  const [rawMs, readMs] = bestOfPair(
    repeat,
    () => parseMarkdown(repaired),
    () => readPlanMarkdown(text),
  );
  return {
    [`${name}_bytes`]: Buffer.byteLength(text),
    [`${name}_raw_parse_ms`]: round(rawMs),
    [`${name}_read_ms`]: round(readMs),
    [`${name}_read_over_raw`]: round(readMs / rawMs),
  };
}

/** The corpus as one run: every plan read, against every plan parsed. */
function measureCorpus(repeat: number): Record<string, number> {
  const folder = new URL('../test/fixtures/plans/', import.meta.url);
  const texts = readdirSync(folder)
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .map((name) => readFileSync(new URL(name, folder), 'utf8'));
  progress(`corpus: ${texts.length} plans, ${(texts.join('').length / 1024).toFixed(0)} KiB`);
  const repaired = texts.map((text) => repairText(text).text);
  const [rawMs, readMs] = bestOfPair(
    repeat,
    () => repaired.forEach((text) => parseMarkdown(text)),
    () => texts.forEach((text) => readPlanMarkdown(text)),
  );
  return {
    corpus_plans: texts.length,
    corpus_raw_parse_ms: round(rawMs),
    corpus_read_ms: round(readMs),
    corpus_read_over_raw: round(readMs / rawMs),
  };
}

/** Runs the suite (all of it synchronous) and resolves to its figures. */
export function run(): Promise<Record<string, unknown>> {
  const techplus = readFileSync(
    fileURLToPath(new URL('../examples/plans/techplus-v1.md', import.meta.url)),
    'utf8',
  );
  let generated = generatePlanMarkdown(10, 10, 1);
  for (let items = 2; Buffer.byteLength(generated) < 1024 * 1024; items += 1)
    generated = generatePlanMarkdown(10, 10, items);
  return Promise.resolve({
    ...measure('techplus', techplus, 20),
    ...measure('generated_1mb', generated, 5),
    ...measureCorpus(60),
    target_read_over_raw_max: 2,
  });
}
