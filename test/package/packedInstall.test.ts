/**
 * The package as a user gets it: `npm pack`, then the tarball installed in a fresh project (its
 * dependencies installed as npm does), and there a strict TypeScript consumer of every entry
 * point, the CLI, a test file written by `testgen --out` under Vitest and `node --test`, and the
 * store conformance suite run by the consumer's Vitest on a store of its own.
 * Any file or dependency the tarball misses fails one of these.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify, stripVTControlCharacters } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const ourVersion = (name: string): string =>
  (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
    .version;

let project = '';
let packed: string[] = [];

/** Runs a command in the consumer project. */
const inProject = (command: string, args: string[], timeout = 240_000) =>
  run(command, args, { cwd: project, timeout, maxBuffer: 16 * 1024 * 1024 });
const launchplan = (...args: string[]) =>
  inProject(process.execPath, [join(project, 'node_modules', '.bin', 'launchplan'), ...args]);

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'lp-consumer-'));
  // dist/ is built by the test run's global setup; packing must not build again.
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  if (!info) throw new Error('npm pack printed nothing');
  packed = info.files.map((file) => file.path);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  const tools = [
    `typescript@${ourVersion('typescript')}`,
    // TypeScript 7 (the native compiler, typescript@latest since 7.0) beside 5.x, as `ts7`.
    'ts7@npm:typescript@^7',
    `vitest@${ourVersion('vitest')}`,
    '@types/node@20',
  ];
  await inProject(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', `./${info.filename}`, ...tools],
    300_000,
  );
}, 360_000);

describe('the packed package, installed in a fresh project', () => {
  it('should ship built code, declarations, bin, docs and the example plans, and nothing of the repository', () => {
    for (const file of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli/main.js',
      'dist/testing/index.d.ts',
      'bin/launchplan.js',
      'README.md',
      'LICENSE',
      'docs/embedding.md',
      'examples/plans/mbayar-go-live.md',
      'assets/console.js',
      'assets/console.css',
    ])
      expect(packed).toContain(file);
    expect(
      packed.filter((file) => /^(src|test|bench|scripts|machines|\.ci)\/|\.tsbuildinfo$|\.map$/.test(file)),
    ).toEqual([]);
  });

  it(
    'should type-check a strict consumer of every entry point under node16 and bundler resolution, and run it with plain Node',
    // Two full tsc runs over the installed package's declarations: over 3 minutes on a loaded 2-core machine.
    { timeout: 360_000 },
    async () => {
      copyFileSync(join(ROOT, 'test', 'package', 'fixtures', 'consumer.ts'), join(project, 'consumer.ts'));
      const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
      const strict = ['--strict', '--skipLibCheck', 'false', '--target', 'es2022', '--types', 'node'];
      await inProject(process.execPath, [
        tsc,
        '--noEmit',
        ...strict,
        '--module',
        'node16',
        '--moduleResolution',
        'node16',
        'consumer.ts',
      ]);
      await inProject(process.execPath, [
        tsc,
        '--noEmit',
        ...strict,
        '--module',
        'esnext',
        '--moduleResolution',
        'bundler',
        'consumer.ts',
      ]);
      await inProject(process.execPath, [
        tsc,
        ...strict,
        '--module',
        'node16',
        '--moduleResolution',
        'node16',
        '--outDir',
        'out',
        'consumer.ts',
      ]);
      const { stdout } = await inProject(process.execPath, ['out/consumer.js']);
      const result = JSON.parse(stdout) as {
        version: number;
        state: string;
        done: number;
        paths: number;
        servers: string[];
        console: unknown[];
      };
      expect(result).toMatchObject({ version: 3, state: 'running', done: 2 });
      expect(result.paths).toBeGreaterThan(10);
      expect(result.servers).toEqual(Array(5).fill('function'));
      expect(result.console).toEqual([200, true, 200, true]);
    },
  );

  it(
    'should type-check consumers on TypeScript 7 with its default types, and under exactOptionalPropertyTypes',
    { timeout: 360_000 },
    async () => {
      for (const name of ['consumer.ts', 'plainConsumer.ts'])
        copyFileSync(join(ROOT, 'test', 'package', 'fixtures', name), join(project, name));
      const ts7 = join(project, 'node_modules', 'ts7', 'bin', 'tsc');
      expect((await inProject(process.execPath, [ts7, '--version'])).stdout).toMatch(/^Version 7\./);
      const base = ['--noEmit', '--strict', '--skipLibCheck', 'false', '--target', 'es2022'];
      const node16 = ['--module', 'node16', '--moduleResolution', 'node16'];
      // No --types: TypeScript 7 loads no @types package unless the declarations reference it.
      await inProject(process.execPath, [ts7, ...base, ...node16, 'plainConsumer.ts', 'consumer.ts']);
      // exactOptionalPropertyTypes: xstate's and the NATS client's own declarations do not compile
      // under it (skipLibCheck hides them in practice); ours and the consumers' must.
      for (const tsc of [ts7, join(project, 'node_modules', 'typescript', 'bin', 'tsc')]) {
        const exact = await inProject(process.execPath, [
          tsc,
          ...base,
          ...node16,
          '--exactOptionalPropertyTypes',
          'plainConsumer.ts',
          'consumer.ts',
        ]).then(
          () => '',
          (error: { stdout?: string; message?: string }) => error.stdout ?? error.message ?? 'tsc failed',
        );
        const ours = exact.split('\n').filter((line) => /^(node_modules\/launchplan\/|\w+\.ts\()/.test(line));
        expect(ours, tsc).toEqual([]);
      }
    },
  );

  it('should run the command: --version, start, send, status', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect((await launchplan('--version')).stdout.trim()).toBe(version);
    const plan = 'node_modules/launchplan/examples/plans/mbayar-go-live.md';
    const started = JSON.parse(
      (await launchplan('start', plan, '--log', 'go.jsonl', '--actor', 'ana', '--role', 'admin', '--json'))
        .stdout,
    ) as { version: number };
    expect(started.version).toBe(2);
    const sent = JSON.parse(
      (
        await launchplan(
          'send',
          'item.checked',
          '--item',
          'checklist-de-validation-technique/infrastructure-performance/cache',
          '--log',
          'go.jsonl',
          '--actor',
          'ana',
          '--role',
          'admin',
          '--json',
        )
      ).stdout,
    ) as { version: number; appended: boolean };
    expect(sent).toMatchObject({ version: 3, appended: true });
    const status = JSON.parse((await launchplan('status', '--log', 'go.jsonl', '--json')).stdout) as {
      version: number;
      progress: { done: number };
    };
    expect(status).toMatchObject({ version: 3, progress: { done: 2 } });
  });

  it(
    'should run the store conformance suite on a store of the consumer, under its Vitest',
    { timeout: 180_000 },
    async () => {
      writeFileSync(
        join(project, 'conformance.test.ts'),
        [
          "import { afterAll, beforeAll, describe, expect, it } from 'vitest';",
          "import { createMemoryEventStore } from 'launchplan';",
          "import { describeEventStoreConformance } from 'launchplan/testing';",
          '',
          "describeEventStoreConformance({ describe, it, beforeAll, afterAll, expect }, 'a consumer store', () => {",
          '  const store = createMemoryEventStore();',
          '  return { store, openAnother: () => ({ ...store, close: async () => {} }), cleanup: () => store.close() };',
          '}, { largeStreamEvents: 2000 });',
          '',
        ].join('\n'),
      );
      const vitest = await inProject(
        process.execPath,
        [join(project, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'conformance.test.ts'],
        180_000,
      );
      expect(stripVTControlCharacters(vitest.stdout)).toMatch(/Tests\s+\d+ passed/);
      expect(stripVTControlCharacters(vitest.stdout)).not.toMatch(/failed/);
    },
  );

  it(
    'should run the test file testgen writes, as written, with Vitest and with node --test',
    { timeout: 180_000 },
    async () => {
      const plan = 'node_modules/launchplan/examples/plans/mbayar-go-live.md';
      const report = JSON.parse(
        (await launchplan('testgen', plan, '--out', 'test/mbayar.test.mjs', '--json')).stdout,
      ) as { paths: number };
      const vitest = await inProject(
        process.execPath,
        [join(project, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/mbayar.test.mjs'],
        180_000,
      );
      expect(stripVTControlCharacters(vitest.stdout)).toMatch(new RegExp(`Tests\\s+${report.paths} passed`));
      const nodeTest = await inProject(process.execPath, ['--test', 'test/mbayar.test.mjs']);
      expect(nodeTest.stdout).toContain(`# pass ${report.paths}`);
      expect(nodeTest.stdout).toContain('# fail 0');
    },
  );
});
