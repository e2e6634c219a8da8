/** Where `npm run machines` reads the example plans and how it compiles them (shared with the staleness test). */
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { machineArtifacts } from '../src/compile/artifacts.ts';
import { formatLoadError, loadPlanFile } from '../src/plan/load.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const MACHINES_DIR = join(ROOT, 'machines');
export const PLANS_DIR = join(ROOT, 'examples', 'plans');
export const REGENERATE = '`npm run machines`';

/** The example plans, sorted. */
export function examplePlanPaths(): string[] {
  return readdirSync(PLANS_DIR)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => join(PLANS_DIR, name));
}

/** The files `machines/` holds for one example plan, or the load error as text. */
export async function compileExample(path: string): Promise<E.Either<string, Record<string, string>>> {
  const loaded = await loadPlanFile(path);
  if (E.isLeft(loaded)) return E.left(formatLoadError(loaded.left));
  return E.right(
    machineArtifacts(loaded.right.plan, { source: relative(ROOT, path), regenerate: REGENERATE }),
  );
}

/** The doc that shows the mbayar diagram, and the marker before its Mermaid block. */
export const DIAGRAM_DOC = join(ROOT, 'docs', 'statechart.md');
const MARKER = '<!-- diagram: machines/mbayar-go-live.mmd -->\n```mermaid\n';

/** `docs/statechart.md` with its Mermaid block replaced by the given diagram. */
export function docWithDiagram(doc: string, mermaid: string): string {
  const start = doc.indexOf(MARKER);
  if (start < 0) return doc;
  const from = start + MARKER.length;
  const end = doc.indexOf('```\n', from);
  return `${doc.slice(0, from)}${mermaid}${doc.slice(end)}`;
}
