/**
 * The role of a section, decided once from all its evidence (evidence.ts) weighed by one table
 * (roleWeights.ts): every role gets a score, the best one wins, and the runner-up and the margin
 * are kept so that `inspect --explain` can show the call and `lint` can flag a close one with the
 * front-matter line that settles it. An author's override (`sections:`) comes first.
 */
import type { NoteKind } from '../model.ts';
import { fold, slug } from '../text.ts';
import type { Collector } from './collect.ts';
import { evidenceOf, type Evidence, type Feature, type Place } from './evidence.ts';
import { hasKeyword, keywords } from './keywords.ts';
import { displayTitle, type Section } from './parse.ts';
import { eligible, ROLE_PRIORS, ROLES, type ScoredRole } from './rolePriors.ts';
import { ROLE_WEIGHTS } from './roleWeights.ts';
import { HOW_TO_USE_PHRASES } from './roleWords.ts';
import { namesNoProcedure } from './rollbackWords.ts';
import { startsWithVerb } from './verbs.ts';

export type Role = ScoredRole | 'ignore';

export interface RoleDecision {
  role: Role;
  /** Why, in one line: the override, or the score, the runner-up and the evidence behind them. */
  why: string;
  /** The second best role and how far behind it is (Infinity for an override). */
  runnerUp: ScoredRole | null;
  margin: number;
  /** The chosen role's score (Infinity for an override or a heading that decides alone). */
  score: number;
}

/** Note kinds of the roles that are notes. */
export const NOTE_KINDS: Partial<Record<Role, NoteKind>> = {
  monitoring: 'metrics',
  metrics: 'metrics',
  overview: 'overview',
  objectives: 'objectives',
  deliverables: 'objectives',
  weekly: 'schedule',
  calendar: 'schedule',
  durations: 'schedule',
  roles: 'roles',
  conclusion: 'conclusion',
  annex: 'annex',
  contents: 'contents',
  contacts: 'contacts',
  links: 'links',
  legend: 'legend',
  progress: 'progress',
  fields: 'fields',
  signoff: 'signoff',
  template: 'template',
  glossary: 'glossary',
  summary: 'summary',
  diagram: 'diagram',
};

/** The override names an author may write, and the role each one means. */
const OVERRIDE_ROLES: Readonly<Record<string, Role>> = {
  ...Object.fromEntries(ROLES.map((role) => [role, role])),
  phase: 'work',
  step: 'work',
  note: 'overview',
  ignore: 'ignore',
};

const HOW_TO_USE = keywords(...HOW_TO_USE_PHRASES);
/** Headings of rules to keep during a launch (never "Firewall rules": only these phrases). */
// prettier-ignore
const GROUND_RULES = keywords(
  'critical rules', 'golden rules', 'ground rules', 'rules of engagement', 'prohibitions', 'absolute prohibitions',
  'mandatory principles', 'guiding principles', 'dos and donts', 'do s and don ts', 'regles d or', 'regles critiques',
  'interdits', 'reglas de oro', 'reglas criticas', 'prohibiciones', 'regras de ouro', 'regras criticas', 'proibicoes',
  'goldene regeln', 'verbote', 'regole d oro', 'divieti', 'gouden regels', 'verboden',
);

/** A heading naming a level of severity: "Severity 1", "P2 - High", "Sévérité critique", "Severidade Alta". */
const SEVERITY_LEVEL =
  /^(?:(?:severity|severite|severidad|severidade|schweregrad|gravita|gravite|ernst)\b.*|p[0-4]\b.*|sev[\s-]?[0-4]\b.*)$/u;

/**
 * Headings that name getting a rollback ready or rehearsing it, or the stretch of time in which
 * it stays possible: work of the launch, not the protocol.
 */
// prettier-ignore
const ROLLBACK_PREPARED = keywords(
  'preparation', 'preparacion', 'preparacao', 'preparazione', 'vorbereitung', 'voorbereiding', 'prep',
  'dry run', 'dry-run', 'rehearsal', 'rehearse', 'drill', 'repetition', 'ensayo', 'simulacro', 'ensaio',
  'generalprobe', 'prova', 'proefdraai', 'test*', 'essai*', 'prueba*', 'probe', 'proef',
  // "T+48h to T+7d: Rollback Window": the stretch in which a rollback is still possible, watched.
  'window', 'period', 'fenetre', 'periode', 'ventana', 'periodo', 'janela', 'zeitraum', 'fenster', 'finestra',
  'venster',
);

/** A heading numbered and asking for work ("3. Create the accounts", "5. Stammdaten anlegen") over a list of boxes. */
function numberedAction(section: Section, evidence: Evidence, collector: Collector): boolean {
  const numbered = displayTitle(section.rawTitle);
  const title = numbered.replace(/^\P{L}*/u, '');
  return (
    ((evidence.values.numberedTitle ?? 0) > 0 || /^\P{L}*\d+(?:\.\d+)*[.)]?\s/u.test(numbered)) &&
    (evidence.values.boxes ?? 0) >= 0.5 &&
    startsWithVerb(title, collector.language)
  );
}

/** "Pendiente post-launch (no bloquea el corte)": what says it blocks nothing is no decision. */
const NOT_BLOCKING =
  /\b(?:no(?:n|t)?[\s-]+block\w*|does not block|ne bloque pas|no bloquea\w*|nao bloquea\w*|nicht blockierend|non bloccant\w*|niet blokkerend)\b/u;

/** Below this margin between the best two roles, `lint` says the call is close. */
export const CLOSE_MARGIN = 1;

/**
 * The weights for a section: the fitted ones at the top of the plan, the hand priors inside a
 * phase (the corpus says what the top sections are, not every sub-section, so only the top is fitted).
 */
const weightsFor = (place: Place) => (place.nested ? ROLE_PRIORS : ROLE_WEIGHTS);

function scoreOf(role: ScoredRole, evidence: Evidence, table: typeof ROLE_WEIGHTS): number {
  const { bias, weights } = table[role];
  let score = bias;
  for (const [feature, weight] of Object.entries(weights) as [Feature, number][])
    score += weight * (evidence.values[feature] ?? 0);
  return score;
}

/** The evidence that counted most for a role, as "title.gate “go no go”, boxes 0.8". */
function describe(role: ScoredRole, evidence: Evidence, table: typeof ROLE_WEIGHTS): string {
  const { weights } = table[role];
  return (Object.entries(evidence.values) as [Feature, number][])
    .map(([feature, value]) => ({ feature, value, weight: (weights[feature] ?? 0) * value }))
    .filter((entry) => entry.weight !== 0)
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, 5)
    .map(({ feature, value, weight }) => {
      const source = evidence.sources[feature];
      const amount = value === 1 ? '' : ` ${value.toFixed(2)}`;
      return `${weight > 0 ? '+' : '−'}${feature}${source ? ` ${source}` : amount}`;
    })
    .join(', ');
}

/** A role settled by a rule, not by weighing evidence: no runner-up. */
function settled(section: Section, collector: Collector, role: Role, why: string): RoleDecision {
  collector.sectionRoles.set(section, role);
  return { role, why, runnerUp: null, margin: Infinity, score: Infinity };
}

/** Decides what a section is. */
export function decideRole(section: Section, collector: Collector, place: Place): RoleDecision {
  for (const [title, name] of Object.entries(collector.overrides.sections ?? {})) {
    const role = OVERRIDE_ROLES[name];
    if (role && (slug(title) === slug(section.title) || slug(title) === slug(section.rawTitle)))
      return settled(section, collector, role, `override sections: "${title}": ${name}`);
  }
  const evidence = evidenceOf(section, place);
  // A heading that names a rollback decides: whatever it holds is part of the rollback protocol,
  // unless it names preparing or rehearsing it ("Backup and rollback preparation", "Dry-run rollback").
  // In a plan that is itself a rollback protocol, its checklists are the work of rolling back.
  const rollbackChecklist =
    place.rollbackPlan && (evidence.values['title.checklist'] || evidence.values['title.verification']);
  // …or names who decides on it, whom to call or what to keep in mind ("Rollback Decision
  // Authority"): neither the protocol nor a decision to take.
  const aboutRollback = namesNoProcedure(section.title);
  const preparesRollback = hasKeyword(section.title, ROLLBACK_PREPARED) || aboutRollback;
  if (
    evidence.values['title.rollback'] &&
    !evidence.values['title.gate'] &&
    !rollbackChecklist &&
    !preparesRollback
  ) {
    return settled(
      section,
      collector,
      'rollback',
      `heading word ${evidence.sources['title.rollback'] ?? ''}`,
    );
  }
  // Sub-sections by severity ("Severity critical", "P1 - High", "Severidade Alta") are an incident
  // playbook: what to do if something happens, kept for reference, not work to schedule.
  if (
    section.children.length >= 2 &&
    section.children.every((child) => SEVERITY_LEVEL.test(fold(child.title)))
  ) {
    return settled(section, collector, 'annex', 'its sub-sections are severity levels: an incident playbook');
  }
  // "Critical rules", "Golden rules", "Prohibitions": how to behave during the launch, not steps.
  if (hasKeyword(section.title, GROUND_RULES))
    return settled(section, collector, 'legend', 'its heading names rules to keep, not work to do');
  // "How to use this checklist" tells how to read the plan, whatever its list looks like.
  if (hasKeyword(section.title, HOW_TO_USE)) {
    return settled(section, collector, 'legend', 'its heading says how to use the plan');
  }
  const ranked = ROLES.filter(
    (role) =>
      eligible(role, evidence.values) &&
      !(role === 'rollback' && preparesRollback) &&
      !(role === 'gate' && (aboutRollback || NOT_BLOCKING.test(fold(section.title)))),
  )
    .map((role) => ({ role, score: scoreOf(role, evidence, weightsFor(place)) }))
    .sort((a, b) => b.score - a.score);
  // Work needs no evidence, so there is always a best role; a runner-up only when another role is possible.
  const best = ranked[0] ?? { role: 'work' as const, score: 0 };
  // "5. Stammdaten im Dashboard anlegen" over fifteen boxes: a numbered action is work, whatever its words name.
  if (best.role !== 'work' && NOTE_KINDS[best.role] && numberedAction(section, evidence, collector))
    return settled(section, collector, 'work', 'its heading is a numbered action and it holds boxes to tick');
  const second = ranked[1];
  const margin = second ? best.score - second.score : Infinity;
  collector.sectionRoles.set(section, best.role);
  const against = second
    ? ` over ${second.role} ${second.score.toFixed(1)}`
    : ', the only role its evidence allows';
  const why = `${best.role} ${best.score.toFixed(1)}${against}: ${describe(best.role, evidence, weightsFor(place)) || 'no evidence'}`;
  if (second && margin < CLOSE_MARGIN && section.rawTitle)
    collector.report(
      'role-uncertain',
      'warning',
      `section "${displayTitle(section.rawTitle)}" was read as ${best.role} (${best.score.toFixed(1)}) but ${second.role} was close (${second.score.toFixed(1)}); to settle it, add to the front matter: launchplan: { sections: { "${section.title}": ${best.role === 'work' ? (place.nested ? 'step' : 'phase') : best.role} } }`,
      section.line,
    );
  return { role: best.role, why, runnerUp: second?.role ?? null, margin, score: best.score };
}

/** A close call settled by a rule after the weights: lint's front-matter line names the role read. */
export function settleAdvice(section: Section, role: string, collector: Collector): void {
  const advice = collector.diagnostics.find(
    (diagnostic) => diagnostic.code === 'role-uncertain' && diagnostic.line === section.line,
  );
  if (advice)
    advice.message = advice.message
      .replace('was read as', 'was weighed as')
      .replace('; to settle it', `, and a rule then read it as ${role}; to settle it`)
      .replace(/: [\w-]+ \} \}$/u, `: ${role} } }`);
}
