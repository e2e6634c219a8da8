/**
 * Fuzzing the command line with fast-check: every command with random and hostile options (the
 * stream ids, times, numbers, JSON and plans of issue 15 among them) against a real file log.
 * Whatever it is given, a command ends with 0, 1 or 2, never an internal error (70) or a stack
 * trace, and a command that fails says why and leaves the log byte for byte as it was.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { planItems } from '../../src/plan/query.ts';
import { runCli } from '../support/cli.ts';
import { examplePath, readExample } from '../support/examples.ts';
import { fcParams } from '../testing/seed.ts';

const dir = mkdtempSync(join(tmpdir(), 'lp-cli-fuzz-'));
const logDir = join(dir, 'logs');
const outDir = join(dir, 'out');
const who = ['--actor', 'ana', '--role', 'admin'];

/** Plans a user (or an attacker) could hand the reader: the shapes and plain garbage. */
const HOSTILE_PLANS: Record<string, string | Buffer> = {
  'quotes.md': '>'.repeat(10_000),
  'deep-list.md': Array.from({ length: 300 }, (_, depth) => `${'  '.repeat(depth)}- [ ] level ${depth}`).join(
    '\n',
  ),
  'emphasis.md': `- [ ] ${'*a'.repeat(30_000)}`,
  'empty.md': '',
  'binary.md': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) % 256)),
  'broken.json': '{"phases": [',
  'wrong.json': JSON.stringify({ id: 'x', phases: 'none', hash: 12 }),
  'proto.json': '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
  'yaml.yaml': 'phases:\n  - steps: [[[',
};
const planPaths = [
  examplePath('mbayar-go-live'),
  examplePath('techplus-v1'),
  join(dir, 'missing.md'),
  dir,
  ...Object.keys(HOSTILE_PLANS).map((name) => join(dir, name)),
];

const items = planItems(readExample('mbayar-go-live').plan).map(({ item }) => item.id);
const gate = readExample('mbayar-go-live').plan.gates[0]?.id ?? 'gate/x';

/** Values of issue 15 and their cousins: ids no store takes, times that are not ISO 8601, numbers out of range. */
const hostileText = fc.oneof(
  fc.constantFrom(
    '../x',
    'a b',
    'a*',
    '.hidden',
    'a..b',
    'x'.repeat(200),
    '',
    '-1',
    '0',
    '1e400',
    'NaN',
    'Infinity',
    '__proto__',
    'constructor',
    '%00',
    '\u0000',
    '\u202e',
    'ñandú',
  ),
  fc.constantFrom(
    '2025-13-45T00:00:00Z',
    '2025-02-30T00:00:00Z',
    'yesterday',
    '2025-03-01T09:30',
    '1700000000',
    '2025-03-01T09:30:00+01:00',
  ),
  fc.string({ maxLength: 24 }),
);
/** Mostly a value the command takes, sometimes a hostile one: so that the fuzzer gets past option checks. */
const mostly = (...sane: string[]): fc.Arbitrary<string> =>
  fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...sane) }, { weight: 1, arbitrary: hostileText });
const jsonText = fc.oneof(
  fc.constantFrom(
    '{"value": 1e400}',
    '{"decision": "go"}',
    `{"gateId": "${gate}", "decision": "go"}`,
    `{"gateId": "${gate}", "decision": "no-go", "reason": "r"}`,
    '{"alertId": "a", "value": -1e308}',
    '{"alertId": "cpu", "severity": "critical"}',
    '[',
    'null',
    '{"__proto__": {"x": 1}}',
    '{"at": "yesterday"}',
    '{"at": "2025-03-01T09:30:00Z"}',
  ),
  fc.json({ maxDepth: 2 }),
);
const eventTypes = [
  'item.checked',
  'item.unchecked',
  'item.waived',
  'test.passed',
  'test.failed',
  'alert.fired',
  'alert.resolved',
  'gate.decided',
  'rollback.requested',
  'rollback.completed',
  'launch.aborted',
  'launch.resumed',
  'launch.created',
  'plan.revised',
  'nope',
];

type Option = [string, ...string[]];
/** An option that is there about one time in three. */
const sometimes = (flag: string, value?: fc.Arbitrary<string>): fc.Arbitrary<string[]> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant<string[]>([]) },
    { weight: 1, arbitrary: value ? value.map((v): Option => [flag, v]) : fc.constant<Option>([flag]) },
  );
const options = (...chosen: fc.Arbitrary<string[]>[]): fc.Arbitrary<string[]> =>
  fc.tuple(...chosen).map((parts) => parts.flat());

/** The log the command is pointed at (always under the test's directory): mostly the launch, sometimes a missing one or things that are not logs. */
const log = fc
  .oneof(
    { weight: 4, arbitrary: fc.constantFrom(logDir, join(logDir, 'go.jsonl')) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        join(logDir, 'missing.jsonl'),
        join(dir, 'quotes.md'),
        '/dev/null',
        join(dir, 'nothing-here'),
      ),
    },
  )
  .map((path) => ['--log', path]);
const stream = sometimes('--stream', mostly('go'));
/** A log no launch was started in yet, so that some starts succeed. */
const freshLog = fc.nat({ max: 1_000_000 }).map((n) => ['--log', join(dir, `fresh-${n}`)]);
const json = sometimes('--json');
const actor = options(
  fc.constant<string[]>(['--actor', 'ana']),
  fc.oneof(
    { weight: 4, arbitrary: fc.constant<string[]>(['--role', 'admin']) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('viewer', 'launcher', '', '__proto__').map((role) => ['--role', role]),
    },
  ),
);
const limits = options(
  sometimes('--max-plan-bytes', mostly('2000000')),
  sometimes('--plan-timeout', mostly('60000', '1')),
  sometimes('--plan-memory', mostly('64', '8')),
);
const plan = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(examplePath('mbayar-go-live'), examplePath('techplus-v1')) },
  { weight: 3, arbitrary: fc.constantFrom(...planPaths) },
);
const item = mostly(...items);

/** A command line: a command, its positional arguments and a selection of its options. */
const commandLine: fc.Arbitrary<string[]> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('inspect', 'lint'),
      plan,
      limits,
      json,
      sometimes('--stats'),
      sometimes('--explain'),
    )
    .map(([command, path, ...rest]) => [
      command,
      path,
      ...rest.flat().filter((flag) => command === 'inspect' || (flag !== '--stats' && flag !== '--explain')),
    ]),
  fc
    .tuple(fc.constantFrom('compile', 'testgen'), plan, limits, json)
    .map(([command, path, ...rest]) => [
      command,
      path,
      ...rest.flat(),
      '--out',
      command === 'compile' ? outDir : join(outDir, 'paths.test.ts'),
    ]),
  fc
    .tuple(
      plan,
      fc.oneof(log, freshLog),
      stream,
      actor,
      json,
      limits,
      sometimes('--go-live', mostly('2026-12-01T09:00:00Z')),
    )
    .map(([path, ...rest]) => ['start', path, ...rest.flat()]),
  fc
    .tuple(plan, log, stream, actor, json, limits, sometimes('--reason', hostileText))
    .map(([path, ...rest]) => ['revise', path, ...rest.flat()]),
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...eventTypes),
        item.map((id) => ['--item', id]),
        sometimes('--data', jsonText),
        sometimes('--event-id', mostly('e1', 'e2')),
        log,
        stream,
        actor,
        json,
      )
      .map(([type, ...rest]) => ['send', type, ...rest.flat()]),
  },
  fc
    .tuple(
      log,
      stream,
      json,
      sometimes('--at', mostly('3', '99', '2026-01-01T00:00:00Z', '2030-01-01T00:00:00Z')),
      sometimes('--markdown'),
      sometimes('--all'),
    )
    .map((parts) => ['status', ...parts.flat()]),
  fc
    .tuple(log, stream, json, sometimes('--from', mostly('1', '3', '1000')))
    .map((parts) => ['log', ...parts.flat()]),
  fc.tuple(log, stream, json, sometimes('--deep')).map((parts) => ['verify', ...parts.flat()]),
  fc
    .tuple(log, stream, json, sometimes('--check-plan', plan), limits)
    .map((parts) => ['replay', ...parts.flat()]),
  fc
    .tuple(log, stream, json, sometimes('--now', mostly('2030-01-01T00:00:00Z', '2026-01-01')))
    .map((parts) => ['tick', ...parts.flat()]),
  // Unknown commands and options, missing values, stores that are not there: refusals before any work.
  fc.constantFrom<string[]>(
    ['nope'],
    ['status', '--nope'],
    ['send'],
    ['status', '--log'],
    ['inspect'],
    ['status', '--store', 'mysql://x'],
    ['status', '--store', 'nats://127.0.0.1:1'],
    ['status', '--log', logDir, '--store', 'postgres://x'],
  ),
);

/** Every byte of the log directory, as one digest per file. */
function logDigest(): Record<string, string> {
  const digest: Record<string, string> = {};
  if (!existsSync(logDir)) return digest;
  for (const name of readdirSync(logDir).sort()) {
    if (name.endsWith('.lock')) continue;
    digest[name] = createHash('sha256')
      .update(readFileSync(join(logDir, name)))
      .digest('hex');
  }
  return digest;
}

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  for (const [name, content] of Object.entries(HOSTILE_PLANS)) writeFileSync(join(dir, name), content);
  const started = await runCli(
    'start',
    examplePath('mbayar-go-live'),
    '--log',
    join(logDir, 'go.jsonl'),
    ...who,
  );
  expect(started.code, started.err).toBe(0);
}, 60_000);

describe('command-line fuzzing', () => {
  it('should end every command with 0, 1 or 2 and a message, never a stack, and leave the log as it was when it fails', async () => {
    const codes = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(commandLine, async (args) => {
        const before = logDigest();
        const run = await runCli(...args);
        codes.set(run.code, (codes.get(run.code) ?? 0) + 1);
        const said = `launchplan ${args.join(' ')}\n${run.err}`;
        expect([0, 1, 2], said).toContain(run.code);
        expect(run.err, said).not.toMatch(/internal error|\n\s+at .+:\d+:\d+\)?\n/);
        if (run.code !== 0) {
          expect(`${run.out}${run.err}`.trim().length, said).toBeGreaterThan(0);
          expect(logDigest(), said).toEqual(before);
        }
      }),
      fcParams(150),
    );
    // The fuzzer reached both sides: some commands succeeded, some were refused.
    expect(codes.get(0) ?? 0).toBeGreaterThan(5);
    expect((codes.get(1) ?? 0) + (codes.get(2) ?? 0)).toBeGreaterThan(20);
    // What it appended is still a whole, verified log.
    expect((await runCli('verify', '--log', join(logDir, 'go.jsonl'))).code).toBe(0);
  }, 600_000);
});
