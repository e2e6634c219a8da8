/**
 * The roles a section can take, and the prior weights of the evidence for each: set by hand from
 * the reasons a launch lead gives ("a table of approvers and signatures is a sign-off, whatever
 * it is called"; "boxes to tick are work"). `npm run fit-roles` starts from these and fits them
 * to the plan corpus (scripts/fitRoles.ts), writing the table the reader uses (roleWeights.ts):
 * score = bias + Σ weight × feature, the highest score wins.
 */
import type { Feature } from './evidence.ts';

/** Every role a section can take. `work` is a phase at the top and a step inside a phase. */
export const ROLES = [
  'work',
  'gate',
  'rollback',
  'risks',
  'calendar',
  'durations',
  'monitoring',
  'metrics',
  'overview',
  'objectives',
  'deliverables',
  'weekly',
  'roles',
  'conclusion',
  'annex',
  'contents',
  'contacts',
  'links',
  'legend',
  'progress',
  'fields',
  'signoff',
  'template',
  'glossary',
  'summary',
  'diagram',
] as const;
export type ScoredRole = (typeof ROLES)[number];

/**
 * The evidence a role needs at least one piece of before it is weighed at all: a gate needs a
 * decision (in its heading or its lines) or a verdict, a rollback its heading word, a glossary its
 * heading or a term | definition table. Work and notes of a general kind need nothing.
 */
export const ROLE_NEEDS: Readonly<Partial<Record<ScoredRole, readonly Feature[]>>> = {
  gate: ['title.gate', 'title.signoff', 'title.final', 'title.criteria', 'decisions', 'verdict', 'choice'],
  rollback: ['title.rollback'],
  risks: ['title.risks', 'header.risks'],
  calendar: ['title.calendar', 'header.schedule', 'times'],
  durations: ['title.durations'],
  monitoring: ['title.monitoring', 'thresholds', 'header.metrics'],
  metrics: ['title.metrics', 'header.metrics', 'thresholds'],
  overview: ['title.overview', 'prose'],
  objectives: ['title.objectives'],
  deliverables: ['title.deliverables'],
  weekly: ['title.weekly', 'restated'],
  roles: ['title.roles', 'header.contacts'],
  conclusion: ['title.conclusion'],
  annex: ['title.annex', 'code'],
  contents: ['title.contents', 'anchors'],
  contacts: ['title.contacts', 'contacts', 'header.contacts'],
  links: ['title.links', 'links', 'header.links'],
  legend: ['title.legend', 'legend'],
  progress: ['title.progress', 'counts'],
  fields: ['title.fields', 'fields', 'placeholders'],
  signoff: ['title.signoff', 'header.signoff', 'decisions'],
  template: ['title.template', 'placeholders'],
  glossary: ['title.glossary', 'header.glossary'],
  summary: ['title.summary', 'title.final', 'counts', 'verdict', 'restated'],
  diagram: ['title.diagram', 'diagram'],
};

/** Inside a phase, a gate needs a go/no-go in its heading, a verdict or a choice to make: a "Staging sign-off" is work. */
const NESTED_GATE_NEEDS: readonly Feature[] = ['title.gate', 'verdict', 'choice'];

/** Whether a role may be weighed for a section with these feature values. */
export function eligible(role: ScoredRole, values: Partial<Record<Feature, number>>): boolean {
  const needs = role === 'gate' && values.nested ? NESTED_GATE_NEEDS : ROLE_NEEDS[role];
  return !needs || needs.some((feature) => (values[feature] ?? 0) > 0);
}

export interface RoleWeights {
  bias: number;
  weights: Partial<Record<Feature, number>>;
}

/** Every note role wants a heading word or a shape of its own, and loses to boxes and verbs. */
const NOT_WORK: Partial<Record<Feature, number>> = { boxes: -1.5, taskTable: -1, verbs: -0.8, marks: -0.5 };

const note = (bias: number, weights: Partial<Record<Feature, number>>): RoleWeights => ({
  bias,
  weights: { ...NOT_WORK, ...weights },
});

export const ROLE_PRIORS: Readonly<Record<ScoredRole, RoleWeights>> = {
  work: {
    bias: 0.5,
    weights: {
      boxes: 2.5,
      numbered: 1,
      bullets: 0.5,
      taskTable: 2.2,
      marks: 1.2,
      verbs: 1.5,
      times: 0.6,
      code: 0.4,
      subsections: 0.3,
      numberedTitle: 2,
      titleTime: 1,
      'title.checklist': 1,
      'title.tasks': 1.5,
      'title.protocol': 1.5,
      'title.verification': 1,
      'title.communication': 0.5,
      empty: -3,
      placeholders: -1,
      links: -1.5,
      anchors: -2,
      contacts: -1.5,
      counts: -1,
      legend: -1.5,
      prose: -1,
      fields: -0.6,
      statements: -0.6,
      otherTable: -0.6,
      diagram: -1.5,
      'header.signoff': -1,
      'header.contacts': -1,
      'header.glossary': -1.5,
      restated: -2,
      choice: -1,
      gateInside: 2,
    },
  },
  gate: {
    bias: -2,
    weights: {
      'title.gate': 5.5,
      'title.criteria': 0.8,
      'title.final': 1,
      questions: 0.6,
      verdict: 1,
      choice: 2.5,
      decisions: 1.5,
      restated: -1,
      afterGoLive: -1.5,
      last: -0.5,
    },
  },
  rollback: { bias: -2, weights: { 'title.rollback': 6, conditions: 0.5 } },
  risks: { bias: -2, weights: { 'title.risks': 5, 'header.risks': 2.5, boxes: -1 } },
  calendar: {
    bias: -2,
    weights: { 'title.calendar': 3, 'header.schedule': 1, times: 1, boxes: -2, taskTable: -1.5, verbs: -0.5 },
  },
  durations: { bias: -2, weights: { 'title.durations': 4, boxes: -2, taskTable: -1 } },
  monitoring: note(-2.5, {
    'title.monitoring': 2.5,
    thresholds: 2.5,
    'header.metrics': 1.5,
    boxes: -2,
    verbs: -1.5,
  }),
  metrics: note(-2.5, { 'title.metrics': 3.5, 'header.metrics': 1, thresholds: 0.5, boxes: -2 }),
  overview: note(-1.5, { 'title.overview': 3, prose: 1.5, first: 0.4 }),
  objectives: note(-2, { 'title.objectives': 4.5, statements: 0.5 }),
  deliverables: note(-2.5, { 'title.deliverables': 5, nested: 0.5 }),
  weekly: note(-2, { 'title.weekly': 4, restated: 3, numberedTitle: 0.5, titleTime: 0.5 }),
  roles: note(-2, { 'title.roles': 3, 'header.contacts': 0.5 }),
  conclusion: note(-2, { 'title.conclusion': 3, last: 0.5, prose: 0.5 }),
  annex: note(-2, { 'title.annex': 3, last: 0.5 }),
  contents: note(-2, { 'title.contents': 3, anchors: 4.5 }),
  contacts: note(-2, { 'title.contacts': 3, contacts: 3.5, 'header.contacts': 2.5 }),
  links: note(-2, { 'title.links': 2.5, links: 4, 'header.links': 1 }),
  legend: note(-2, { 'title.legend': 3, legend: 4.5 }),
  progress: note(-2, { 'title.progress': 3, counts: 4 }),
  fields: note(-2.5, { 'title.fields': 3, fields: 2.5, placeholders: 0.5, first: 0.4 }),
  signoff: note(-2, {
    'title.signoff': 3.5,
    'header.signoff': 3,
    placeholders: 1,
    last: 0.7,
    afterGoLive: 0.8,
    boxes: -0.5,
  }),
  template: note(-2.5, { 'title.template': 3, placeholders: 2.5 }),
  glossary: note(-2, { 'title.glossary': 4, 'header.glossary': 3 }),
  summary: note(-2.5, {
    'title.summary': 3.2,
    restated: 3.5,
    counts: 1,
    last: 0.7,
    verdict: 0.5,
    'title.final': 0.5,
    gateInside: -3,
  }),
  diagram: note(-2, { 'title.diagram': 2, diagram: 3.5, code: 0.5 }),
};
