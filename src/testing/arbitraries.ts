/**
 * fast-check arbitraries for launch plans, shared by the project's own property tests and by
 * users testing code that consumes plans.
 */
import fc from 'fast-check';
import { launchAborted, launchStarted } from '../events/factories.ts';
import type { LaunchEvent } from '../events/vocabulary.ts';

const WORDS = [
  'déploiement',
  'tests',
  'backup',
  'DNS',
  'monitoring',
  'rollback',
  'migration',
  'API',
  'cache',
  'sécurité',
  'launch',
  'Go/No-Go',
  'S1',
  'J+5',
  'T-2h',
  'Semaines 1-2',
  '✅',
  '🚀',
  '**bold**',
  '`code`',
  '[link](https://example.com)',
];

/** A short phrase made of plan-like words (accents, emoji, markup, time expressions). */
export const arbitraryPhrase = (): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 5 }).map((words) => words.join(' '));

const heading = fc
  .tuple(
    fc.integer({ min: 1, max: 4 }),
    fc.constantFrom('', 'Phase 2 : ', '2.1 ', '1️⃣ ', '📋 '),
    arbitraryPhrase(),
  )
  .map(([depth, prefix, text]) => `${'#'.repeat(depth)} ${prefix}${text}`);

const taskList = fc
  .array(fc.tuple(fc.boolean(), fc.boolean(), arbitraryPhrase()), { minLength: 1, maxLength: 5 })
  .map((items) =>
    items
      .map(([checked, nested, text]) => `${nested ? '  ' : ''}- [${checked ? 'x' : ' '}] ${text}`)
      .join('\n'),
  );

const plainList = fc
  .tuple(fc.boolean(), fc.array(arbitraryPhrase(), { minLength: 1, maxLength: 4 }))
  .map(([ordered, items]) =>
    items.map((text, index) => `${ordered ? `${index + 1}.` : '-'} ${text}`).join('\n'),
  );

const table = fc
  .array(
    fc.tuple(
      arbitraryPhrase(),
      fc.constantFrom('J+1 - J+5', 'S2', 'Week 3', '✅', '⬜', 'soon'),
      fc.constantFrom('Ops', 'QA', ''),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((rows) =>
    [
      '| Étape | Date | Responsable |',
      '| --- | --- | --- |',
      ...rows.map((cells) => `| ${cells.join(' | ')} |`),
    ].join('\n'),
  );

const code = fc
  .tuple(
    fc.constantFrom('bash', 'typescript', ''),
    fc.array(fc.constantFrom('# comment', '- [ ] not an item', "responseTime: '<200ms',", 'echo ok'), {
      maxLength: 4,
    }),
  )
  .map(([lang, lines]) => ['```' + lang, ...lines, '```'].join('\n'));

/** Markdown built from headings, task lists, plain lists, tables, code blocks and paragraphs. */
export const arbitraryPlanMarkdown = (): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof(heading, heading, taskList, plainList, table, code, arbitraryPhrase()), {
      minLength: 1,
      maxLength: 14,
    })
    .map((blocks) => blocks.join('\n\n'));

/** Ids an event sequence can name, taken from a plan (see `eventVocabularyOf`). */
export interface EventVocabulary {
  items: readonly string[];
  tests: readonly string[];
  gates: readonly string[];
  rollbackSteps: readonly string[];
}

const AT = '2025-03-01T08:00:00.000Z';

/**
 * Random launch events over a plan's ids: item checks and unchecks, test results, alerts,
 * gate decisions, rollbacks and resumes, deadlines and (rarely) an abort. Many are refused by
 * the machine in the state they arrive in, which is the point: replay must agree on those too.
 */
export const arbitraryLaunchEvents = (
  vocabulary: EventVocabulary,
  maxLength = 60,
): fc.Arbitrary<LaunchEvent[]> => {
  const pick = (ids: readonly string[]) => (ids.length > 0 ? fc.constantFrom(...ids) : fc.constant('none'));
  const by = fc.constantFrom('ana', 'bob');
  const item = pick(vocabulary.items);
  const event = fc.oneof(
    { weight: 40, arbitrary: fc.record({ type: fc.constant('item.checked'), itemId: item, by }) },
    { weight: 8, arbitrary: fc.record({ type: fc.constant('item.unchecked'), itemId: item, by }) },
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constant('item.waived'),
        itemId: item,
        by,
        reason: fc.constant('not needed'),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        type: fc.constantFrom('test.passed', 'test.failed'),
        itemId: pick(vocabulary.tests),
        runId: fc.constantFrom('run-1', 'run-2'),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constantFrom('alert.fired', 'alert.resolved'),
        alertId: fc.constantFrom('p99', 'errors'),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        type: fc.constant('gate.decided'),
        gateId: pick(vocabulary.gates),
        decision: fc.constantFrom('go', 'go', 'no-go'),
        by,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constantFrom('rollback.requested', 'rollback.completed', 'launch.resumed'),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ type: fc.constant('item.checked'), itemId: pick(vocabulary.rollbackSteps), by }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('deadline.reached'),
        deadlineId: fc.constantFrom('deadline/a', 'deadline/b'),
      }),
    },
    { weight: 1, arbitrary: fc.constant(launchStarted()) },
    { weight: 1, arbitrary: fc.constant(launchAborted({ reason: 'stop' })) },
  );
  return fc.array(event, { maxLength }).map((events) =>
    [launchStarted(), ...events].map((one, index): LaunchEvent => ({
      ...one,
      at: new Date(Date.parse(AT) + index * 60_000).toISOString(),
    })),
  );
};

/**
 * The ids `arbitraryLaunchEvents` may name, read from a compiled config: plan items, test items,
 * gates and rollback steps.
 *
 * @example
 * fc.sample(arbitraryLaunchEvents(eventVocabularyOf(compilePlan(plan))), 1)
 */
export const eventVocabularyOf = (config: {
  context: { plan: { items: Record<string, { kind: string }>; gates: Record<string, readonly string[]> } };
}): EventVocabulary => {
  const items = Object.entries(config.context.plan.items);
  return {
    items: items.filter(([, facts]) => facts.kind !== 'rollback').map(([id]) => id),
    tests: items.filter(([, facts]) => facts.kind === 'test').map(([id]) => id),
    gates: Object.keys(config.context.plan.gates),
    rollbackSteps: items.filter(([, facts]) => facts.kind === 'rollback').map(([id]) => id),
  };
};
