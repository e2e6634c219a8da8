/**
 * The test file `testgen --out` writes only offers state hooks that will run: every state hook it
 * writes is called by at least one generated path, and the states the paths only pass through are
 * listed in a comment instead.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { emitTestFile, runGeneratedPath, testgenFile, testgenPlan } from '../../src/testing/index.ts';
import { EXAMPLE_IDS, readExample } from '../support/examples.ts';

describe('state hooks of the written test file', () => {
  it.each(EXAMPLE_IDS)('should only write hooks that a path calls, for %s', async (id) => {
    const { plan } = readExample(id);
    const generated = testgenPlan(plan);
    if (E.isLeft(generated)) throw new Error(JSON.stringify(generated.left));
    const { config, suite, coverage } = generated.right;
    const source = emitTestFile(config, suite, { pathsFile: './x.paths.json', importFrom: 'launchplan/testing' });
    const statesBlock = source.slice(source.indexOf('  states: {'), source.indexOf('\n  },', source.indexOf('  states: {')));
    const written = [...statesBlock.matchAll(/^ {4}("[^"]+"): \(_system, _args\)/gm)].map((match) => JSON.parse(match[1] as string) as string);
    const listed = [...statesBlock.matchAll(/^ {4}\/\/ ("[^"]+")$/gm)].map((match) => JSON.parse(match[1] as string) as string);
    expect(written.length).toBeGreaterThan(0);

    const called = new Set<string>();
    const states = Object.fromEntries([...written, ...listed].map((state) => [state, () => void called.add(state)]));
    const file = testgenFile(plan, suite, coverage);
    for (const path of suite.paths) await runGeneratedPath(file, path, { states });
    expect(written.filter((state) => !called.has(state))).toEqual([]);
    expect(listed.filter((state) => called.has(state))).toEqual([]);
  });
});
