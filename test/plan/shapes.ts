/**
 * The small plans of test/fixtures/shapes: one shape each, asserted by a unit test and counted by
 * `npm run fit-roles`, so that no fit of the role weights undoes a tested shape.
 */
import { readFileSync } from 'node:fs';

export const shape = (name: string): string =>
  readFileSync(new URL(`../fixtures/shapes/${name}.md`, import.meta.url), 'utf8');
