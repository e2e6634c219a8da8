/**
 * Benchmark dispatcher: `npm run bench -- <suite>` runs one suite, `npm run bench` runs them all.
 * Each suite is a module whose `run()` resolves to a flat JSON object of figures; progress goes
 * to stderr, and ONE JSON object goes to stdout (the suite's, or `{ <suite>: {...} }` for all).
 */

/** A benchmark suite: resolves to its figures. */
export type BenchSuite = () => Promise<Record<string, unknown>>;

/** Known suites. */
export const suites: Record<string, () => Promise<BenchSuite>> = {
  reader: async () => (await import('./reader.ts')).run,
  replay: async () => (await import('./replay.ts')).run,
  store: async () => (await import('./store.ts')).run,
  compile: async () => (await import('./compile.ts')).run,
  testgen: async () => (await import('./testgen.ts')).run,
  service: async () => (await import('./service.ts')).run,
  cli: async () => (await import('./cli.ts')).run,
  cluster: async () => (await import('./cluster.ts')).run,
  hostile: async () => (await import('./hostile.ts')).run,
  meaning: async () => (await import('./meaning.ts')).run,
};

const main = async (): Promise<void> => {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in suites));
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown bench suite(s): ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}\n`,
    );
    process.exitCode = 2;
    return;
  }
  const names = wanted.length > 0 ? wanted : Object.keys(suites);
  const results: Record<string, Record<string, unknown>> = {};
  for (const name of names) {
    process.stderr.write(`bench ${name}…\n`);
    const suite = await suites[name]!();
    results[name] = await suite();
  }
  const only = names.length === 1 ? results[names[0]!] : results;
  process.stdout.write(`${JSON.stringify(only, null, 2)}\n`);
};

await main();
