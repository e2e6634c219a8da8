/**
 * `npm run machines`: compiles every example plan into `machines/` (the literal `.machine.ts`,
 * the `.json` config and the `.mmd` diagram). `test/compile/exports.test.ts` fails when the
 * committed files differ from what this writes; it also refreshes the diagram in docs/statechart.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import {
  compileExample,
  DIAGRAM_DOC,
  docWithDiagram,
  examplePlanPaths,
  MACHINES_DIR,
} from './machinesSource.ts';

mkdirSync(MACHINES_DIR, { recursive: true });
for (const path of examplePlanPaths()) {
  const files = await compileExample(path);
  if (E.isLeft(files)) {
    process.stderr.write(`${files.left}\n`);
    process.exitCode = 1;
    continue;
  }
  for (const [name, text] of Object.entries(files.right)) writeFileSync(join(MACHINES_DIR, name), text);
  process.stderr.write(`machines: ${path} → ${Object.keys(files.right).join(', ')}\n`);
}
writeFileSync(
  DIAGRAM_DOC,
  docWithDiagram(
    readFileSync(DIAGRAM_DOC, 'utf8'),
    readFileSync(join(MACHINES_DIR, 'mbayar-go-live.mmd'), 'utf8'),
  ),
);
