/**
 * fast-check arbitraries for launch plans, shared by the project's own property tests and by
 * users testing code that consumes plans.
 */
import fc from 'fast-check';
import * as make from '../events/factories.ts';
import {
  LAUNCH_EVENT_TYPES,
  type EventOf,
  type LaunchEvent,
  type LaunchEventType,
} from '../events/vocabulary.ts';

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
  /** Steps an operator control may name (skip, retry); none when left out. */
  steps?: readonly string[];
  /** Deadlines of the plan (`deadline/<id>`); made-up ones (refused) when left out. */
  deadlines?: readonly string[];
}

const AT = '2025-03-01T08:00:00.000Z';

/** One event type's arbitrary and how often it comes up; null for a type the arbitraries never send. */
type EventArbitraries = {
  [K in LaunchEventType]: { weight: number; arbitrary: fc.Arbitrary<EventOf<K>> } | null;
};

/**
 * Every event type's arbitrary over a plan's ids. Keyed by the registry: a new event type does
 * not compile until it has one here (or says why it has none).
 */
function eventArbitraries(vocabulary: EventVocabulary): EventArbitraries {
  const pick = (ids: readonly string[]) => (ids.length > 0 ? fc.constantFrom(...ids) : fc.constant('none'));
  const by = fc.constantFrom('ana', 'bob');
  const item = pick(vocabulary.items);
  const test = fc.record({ itemId: pick(vocabulary.tests), runId: fc.constantFrom('run-1', 'run-2') });
  const alertId = fc.constantFrom('p99', 'errors');
  const step = pick(vocabulary.steps ?? []);
  return {
    'launch.started': { weight: 6, arbitrary: fc.constant(make.launchStarted()) },
    'item.checked': {
      weight: 252,
      arbitrary: fc
        .record({
          itemId: fc.oneof(
            { weight: 20, arbitrary: item },
            { weight: 1, arbitrary: pick(vocabulary.rollbackSteps) },
          ),
          by,
        })
        .map(make.itemChecked),
    },
    'item.unchecked': { weight: 48, arbitrary: fc.record({ itemId: item, by }).map(make.itemUnchecked) },
    'item.waived': {
      weight: 12,
      arbitrary: fc.record({ itemId: item, by, reason: fc.constant('not needed') }).map(make.itemWaived),
    },
    'item.commented': {
      weight: 3,
      arbitrary: fc.record({ itemId: item, by, text: fc.constant('looks fine') }).map(make.itemCommented),
    },
    'test.passed': { weight: 9, arbitrary: test.map(make.testPassed) },
    'test.failed': { weight: 9, arbitrary: test.map(make.testFailed) },
    'alert.fired': { weight: 6, arbitrary: fc.record({ alertId }).map(make.alertFired) },
    'alert.resolved': { weight: 6, arbitrary: fc.record({ alertId }).map(make.alertResolved) },
    'gate.decided': {
      weight: 18,
      arbitrary: fc
        .record({
          gateId: pick(vocabulary.gates),
          decision: fc.constantFrom<'go' | 'no-go'>('go', 'go', 'no-go'),
          by,
        })
        .map(make.gateDecided),
    },
    'rollback.requested': { weight: 2, arbitrary: fc.constant(make.rollbackRequested()) },
    'rollback.completed': { weight: 2, arbitrary: fc.constant(make.rollbackCompleted()) },
    'launch.resumed': {
      weight: 3,
      arbitrary: fc.constantFrom(make.launchResumed(), make.launchResumed({ reason: 'go on' })),
    },
    'launch.aborted': { weight: 6, arbitrary: fc.constant(make.launchAborted({ reason: 'stop' })) },
    'deadline.reached': {
      weight: 6,
      arbitrary: fc
        .record({ deadlineId: fc.constantFrom('deadline/a', ...(vocabulary.deadlines ?? [])) })
        .map(make.deadlineReached),
    },
    // Written by `Launch.revise` with the edited plan in its data, never sent.
    'plan.revised': null,
    'gate.approved': {
      weight: 4,
      arbitrary: fc.record({ gateId: pick(vocabulary.gates), by }).map(make.gateApproved),
    },
    'launch.paused': { weight: 2, arbitrary: fc.constant(make.launchPaused({ reason: 'hold' })) },
    'step.skipped': {
      weight: 3,
      arbitrary: fc.record({ stepId: step, reason: fc.constant('skip') }).map(make.stepSkipped),
    },
    'step.retried': {
      weight: 3,
      arbitrary: fc.record({ stepId: step, reason: fc.constant('retry') }).map(make.stepRetried),
    },
    // `since` among the record times `timedEvents` gives, so that some name the wait they end.
    'gate.timedOut': {
      weight: 3,
      arbitrary: fc
        .record({
          gateId: pick(vocabulary.gates),
          outcome: fc.constantFrom<'no-go' | 'skip' | 'escalate'>('no-go', 'skip', 'escalate'),
          since: fc
            .nat({ max: 40 })
            .map((minutes) => new Date(Date.parse(AT) + minutes * 60_000).toISOString()),
        })
        .map(make.gateTimedOut),
    },
  };
}

/**
 * Random launch events over a plan's ids: item checks and unchecks, test results, alerts,
 * gate decisions, rollbacks and resumes, deadlines and (rarely) an abort. Many are refused by
 * the machine in the state they arrive in, which is the point: replay must agree on those too.
 */
export const arbitraryLaunchEvents = (
  vocabulary: EventVocabulary,
  maxLength = 60,
): fc.Arbitrary<LaunchEvent[]> => {
  const arbitraries: EventArbitraries = eventArbitraries(vocabulary);
  const weighted = LAUNCH_EVENT_TYPES.flatMap((type) => {
    const entry: { weight: number; arbitrary: fc.Arbitrary<LaunchEvent> } | null = arbitraries[type];
    return entry === null ? [] : [entry];
  });
  return fc.array(fc.oneof(...weighted), { maxLength }).map((events) =>
    [make.launchStarted(), ...events].map((one, index): LaunchEvent => ({
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
  context: {
    plan: {
      items: Record<string, { kind: string; group: string }>;
      gates: Record<string, readonly string[]>;
    };
  };
}): EventVocabulary => {
  const items = Object.entries(config.context.plan.items);
  return {
    items: items.filter(([, facts]) => facts.kind !== 'rollback').map(([id]) => id),
    tests: items.filter(([, facts]) => facts.kind === 'test').map(([id]) => id),
    gates: Object.keys(config.context.plan.gates),
    rollbackSteps: items.filter(([, facts]) => facts.kind === 'rollback').map(([id]) => id),
    steps: [
      ...new Set(items.filter(([, facts]) => facts.kind !== 'rollback').map(([, facts]) => facts.group)),
    ],
  };
};
