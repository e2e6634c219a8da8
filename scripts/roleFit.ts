/**
 * Fitting the role weights to the plan corpus. Every top section of every corpus plan whose role
 * its expectation says (a phase title → work; a note "kind: title" → that kind's roles; a gate
 * title → gate; a rollback or risks section by its words when the expectation has one) is a
 * sample: its evidence (evidence.ts) and the roles that are right for it. An averaged perceptron
 * starts from the hand priors (rolePriors.ts) and moves them only where the corpus disagrees,
 * shrinking back toward the priors each round so that no weight runs away on a few plans.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { decodePlanBytes } from '../src/plan/markdown/decode.ts';
import { evidenceOf, type Feature } from '../src/plan/markdown/evidence.ts';
import { findKeyword, wordsOf } from '../src/plan/markdown/keywords.ts';
import type { Section } from '../src/plan/markdown/parse.ts';
import {
  eligible,
  ROLE_PRIORS,
  ROLES,
  type RoleWeights,
  type ScoredRole,
} from '../src/plan/markdown/rolePriors.ts';
import { TITLE_WORDS } from '../src/plan/markdown/roleWords.ts';
import { planStructure } from '../src/plan/markdown/structure.ts';
import { corpusFolder, corpusPlans } from '../test/plan/meaningCorpus.ts';
import { sameTitle } from '../test/plan/meaning.ts';

export interface Sample {
  plan: string;
  title: string;
  values: Partial<Record<Feature, number>>;
  roles: readonly ScoredRole[];
}

const NOTE_ROLES: Readonly<Record<string, readonly ScoredRole[]>> = {
  overview: ['overview'],
  objectives: ['objectives', 'deliverables'],
  schedule: ['calendar', 'weekly', 'durations'],
  // A shape may name the schedule's role when a test needs that one: a calendar read into windows.
  calendar: ['calendar'],
  roles: ['roles'],
  metrics: ['metrics', 'monitoring'],
  conclusion: ['conclusion'],
  annex: ['annex'],
  contents: ['contents'],
  contacts: ['contacts'],
  links: ['links'],
  legend: ['legend'],
  progress: ['progress'],
  fields: ['fields'],
  signoff: ['signoff'],
  template: ['template'],
  glossary: ['glossary'],
  summary: ['summary'],
  diagram: ['diagram'],
};
const ANY_NOTE = ROLES.filter((role) => role !== 'work' && role !== 'gate' && role !== 'rollback');

type Expected = {
  phases?: { title: string }[];
  notes?: string[];
  gates?: { title: string; origin?: string }[];
  rollback?: unknown;
  risks?: number;
};

/** The roles an expectation says are right for a section, or null when it does not say. */
function rolesOf(
  section: Section,
  expected: Expected,
  wrapperNote: readonly ScoredRole[] | null,
): readonly ScoredRole[] | null {
  const title = section.rawTitle;
  if ((expected.gates ?? []).some((gate) => gate.origin !== 'implied' && sameTitle(gate.title, title)))
    return ['gate'];
  if ((expected.phases ?? []).some((phase) => sameTitle(phase.title, title))) return ['work'];
  for (const note of expected.notes ?? []) {
    const at = note.indexOf(': ');
    if (at > 0 && sameTitle(note.slice(at + 2), title)) return NOTE_ROLES[note.slice(0, at)] ?? ANY_NOTE;
  }
  const words = wordsOf(title);
  if (expected.rollback && findKeyword(words, TITLE_WORDS.rollback)) return ['rollback'];
  if (expected.risks && findKeyword(words, TITLE_WORDS.risks)) return ['risks'];
  return wrapperNote;
}

/** The seed plans (examples/plans) and the roles of their top sections as their tests read them. */
const seedFolder = new URL('../examples/plans/', import.meta.url);
const seedRoles = new URL('../test/fixtures/seeds/', import.meta.url);
/** Small plans of one shape each, with the roles their unit tests assert: no fit may undo a tested shape. */
const shapesFolder = fileURLToPath(new URL('../test/fixtures/shapes/', import.meta.url));

/** How many times each section of a shape counts: one small plan against a hundred real ones would be outvoted. */
const SHAPE_WEIGHT = 3;

interface Labelled {
  plan: string;
  expected: string;
  /** Samples per section. */
  weight: number;
}

const withExpectation =
  (folder: string, weight = 1) =>
  (name: string): Labelled => ({
    plan: `${folder}${name}`,
    expected: `${folder}${name.replace(/\.md$/, '.expected.yaml')}`,
    weight,
  });

/** Every corpus plan with an expectation, every seed plan and every shape. */
function labelledPlans(folder: string): Labelled[] {
  const seeds = readdirSync(seedRoles).map((name) => ({
    plan: fileURLToPath(new URL(name.replace(/\.expected\.yaml$/, '.md'), seedFolder)),
    expected: fileURLToPath(new URL(name, seedRoles)),
    weight: 1,
  }));
  return [
    ...corpusPlans(folder).map(withExpectation(folder)),
    ...seeds,
    ...corpusPlans(shapesFolder).map(withExpectation(shapesFolder, SHAPE_WEIGHT)),
  ];
}

/** Every labelled top section of the corpus, the seed plans and the shapes (a shape's as many times as its weight). */
export function corpusSamples(folder = corpusFolder): Sample[] {
  const samples: Sample[] = [];
  for (const { plan: path, expected: expectedPath, weight } of labelledPlans(folder)) {
    const name = basename(path);
    let expected: Expected;
    try {
      expected = parse(readFileSync(expectedPath, 'utf8')) as Expected;
    } catch {
      continue;
    }
    const structure = planStructure(decodePlanBytes(readFileSync(path)).text);
    const parentNote = new Map<Section, readonly ScoredRole[] | null>();
    for (const wrapper of structure.wrappers) {
      const label = rolesOf(wrapper, expected, null);
      for (const child of wrapper.children)
        parentNote.set(child, label && !label.includes('work') ? label : null);
    }
    structure.sections.forEach((section, index) => {
      const roles = rolesOf(section, expected, parentNote.get(section) ?? null);
      if (!roles) return;
      const place = structure.places[index];
      if (!place) return;
      const sample = {
        plan: name,
        title: section.rawTitle,
        values: evidenceOf(section, place).values,
        roles,
      };
      for (let copy = 0; copy < weight; copy += 1) samples.push(sample);
    });
  }
  return samples;
}

type Table = Record<ScoredRole, { bias: number; weights: Record<string, number> }>;

const copy = (from: Readonly<Record<ScoredRole, RoleWeights>>): Table =>
  Object.fromEntries(
    ROLES.map((role) => [role, { bias: from[role].bias, weights: { ...from[role].weights } }]),
  ) as Table;

function score(table: Table, role: ScoredRole, values: Sample['values']): number {
  const { bias, weights } = table[role];
  let total = bias;
  for (const [feature, value] of Object.entries(values)) total += (weights[feature] ?? 0) * value;
  return total;
}

/** The best-scoring role among `roles` that the evidence allows (work, which needs nothing, when none does). */
function best(table: Table, roles: readonly ScoredRole[], values: Sample['values']): ScoredRole {
  const allowed = roles.filter((role) => eligible(role, values));
  return (allowed.length ? allowed : ['work' as const]).reduce((a, b) =>
    score(table, b, values) > score(table, a, values) ? b : a,
  );
}

/** What keeps a section work whatever its score (sections.ts settleDescription, approximately). */
const HOLDS_WORK: readonly Feature[] = [
  'boxes',
  'numbered',
  'taskTable',
  'marks',
  'numberedTitle',
  'titleTime',
];

/**
 * A note that no note role may weigh (no heading word, no shape of its own) and that holds no
 * work to do: the reader settles it as a description when work wins it with a negative score
 * (sections.ts settleDescription), so that is what the fit aims for.
 */
const describedOnly = (sample: Sample): boolean =>
  !sample.roles.includes('work') &&
  !sample.roles.some((role) => eligible(role, sample.values)) &&
  !HOLDS_WORK.some((feature) => (sample.values[feature] ?? 0) > 0);

/** Whether the table reads a sample as its expectation says. */
function agrees(table: Table, sample: Sample, predicted = best(table, ROLES, sample.values)): boolean {
  if (describedOnly(sample) && predicted === 'work') return score(table, 'work', sample.values) < 0;
  return sample.roles.includes(predicted);
}

/** Share of samples read as their expectations say. */
export function agreementOf(
  table: Readonly<Record<ScoredRole, RoleWeights>>,
  samples: readonly Sample[],
): number {
  const t = copy(table);
  return samples.filter((sample) => agrees(t, sample)).length / samples.length;
}

export interface FitOptions {
  epochs: number;
  rate: number;
  /** Pull toward the priors after each round (0: none). */
  shrink: number;
}

export const FIT_OPTIONS: FitOptions = { epochs: 20, rate: 0.1, shrink: 0.02 };

/** The averaged-perceptron fit of the priors to the samples, in a fixed order (the same input gives the same table). */
export function fitRoles(
  samples: readonly Sample[],
  options: FitOptions = FIT_OPTIONS,
): Record<ScoredRole, RoleWeights> {
  const table = copy(ROLE_PRIORS);
  const sum = copy(ROLE_PRIORS);
  const prior = copy(ROLE_PRIORS);
  let rounds = 1;
  const nudge = (role: ScoredRole, values: Sample['values'], sign: number) => {
    const entry = table[role];
    entry.bias += sign * options.rate;
    for (const [feature, value] of Object.entries(values))
      entry.weights[feature] = (entry.weights[feature] ?? 0) + sign * options.rate * value;
  };
  for (let epoch = 0; epoch < options.epochs; epoch += 1) {
    for (const sample of samples) {
      const predicted = best(table, ROLES, sample.values);
      if (agrees(table, sample, predicted)) continue;
      if (!describedOnly(sample)) nudge(best(table, sample.roles, sample.values), sample.values, 1);
      nudge(predicted, sample.values, -1);
    }
    for (const role of ROLES) {
      const entry = table[role];
      entry.bias -= options.shrink * (entry.bias - prior[role].bias);
      for (const feature of Object.keys(entry.weights))
        entry.weights[feature] =
          (entry.weights[feature] ?? 0) -
          options.shrink * ((entry.weights[feature] ?? 0) - (prior[role].weights[feature] ?? 0));
      sum[role].bias += entry.bias;
      for (const [feature, weight] of Object.entries(entry.weights))
        sum[role].weights[feature] = (sum[role].weights[feature] ?? 0) + weight;
    }
    rounds += 1;
  }
  const round = (value: number) => Math.round(value * 100) / 100;
  return Object.fromEntries(
    ROLES.map((role) => [
      role,
      {
        bias: round(sum[role].bias / rounds),
        weights: Object.fromEntries(
          Object.entries(sum[role].weights)
            .map(([feature, weight]) => [feature, round(weight / rounds)] as const)
            .filter(([, weight]) => weight !== 0)
            .sort(([a], [b]) => a.localeCompare(b)),
        ),
      },
    ]),
  ) as Record<ScoredRole, RoleWeights>;
}

/** The generated roleWeights.ts for a table. */
export function weightsSource(table: Readonly<Record<ScoredRole, RoleWeights>>): string {
  const rows = ROLES.map((role) => {
    const { bias, weights } = table[role];
    const entries = Object.entries(weights)
      .map(([feature, weight]) => `'${feature}': ${weight}`)
      .join(', ');
    return `  ${role}: { bias: ${bias}, weights: { ${entries} } },`;
  });
  return `/**
 * The weights the reader uses to decide a section's role: the priors of rolePriors.ts, fitted to
 * the plan corpus by \`npm run fit-roles\` (scripts/fitRoles.ts). Generated: edit the priors or the
 * corpus and fit again; test/plan/roleWeights.test.ts fails when this file is not the fit of today's.
 */
import type { RoleWeights, ScoredRole } from './rolePriors.ts';

// prettier-ignore
export const ROLE_WEIGHTS: Readonly<Record<ScoredRole, RoleWeights>> = {
${rows.join('\n')}
};
`;
}

/**
 * Agreement on plans the fit did not see: the plans split in `folds` (every folds-th plan held
 * out in turn), fitted on the rest, scored on the held-out plans' sections. What a plan nobody
 * described may expect, as far as section roles go.
 */
export function heldOutAgreement(samples: readonly Sample[], folds = 4, options = FIT_OPTIONS): number {
  const plans = [...new Set(samples.map((sample) => sample.plan))].sort();
  let total = 0;
  for (let fold = 0; fold < folds; fold += 1) {
    const held = new Set(plans.filter((_, at) => at % folds === fold));
    const fitted = fitRoles(
      samples.filter((sample) => !held.has(sample.plan)),
      options,
    );
    total += agreementOf(
      fitted,
      samples.filter((sample) => held.has(sample.plan)),
    );
  }
  return total / folds;
}
