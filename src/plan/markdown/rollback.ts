/**
 * Rollback protocols as people write them: when to roll back (triggers, with their thresholds:
 * "Error rate > 5% for 5 min", also under a label item or in a Condition | Action table) apart
 * from how (the procedure's steps, nested sub-steps kept, numbered levels each one step, steps
 * written only as numbered comments in a code block kept), alternative procedures kept as
 * alternatives (Option A / Option B), readiness checks ("a backup exists") apart from steps, and
 * contacts, messages and "do not roll back when" lists left out. Several rollback sections make
 * one protocol.
 */
import type { Code, List, ListItem, Table } from 'mdast';
import type { Rollback, RollbackCheck, RollbackStep, RollbackTrigger } from '../model.ts';
import { fold, slug } from '../text.ts';
import type { Collector } from './collect.ts';
import { chooseColumns, describeColumns } from './columns.ts';
import { itemText, ownText, ownersSuffix, splitLabel } from './items.ts';
import { findKeyword, hasKeyword, wordsOf } from './keywords.ts';
import { isLabel } from './lines.ts';
import { displayTitle, endLineOf, lineOf, plainText, type Section } from './parse.ts';
import { codeSteps } from './rollbackCode.ts';
import {
  ALTERNATIVE,
  BY_SYMPTOM,
  modeOf,
  BARE_NUMBER,
  NUMBERED_STEP,
  READY_STATE,
  conditionOf,
  CONDITION,
  isWhenLabel,
  namesNoProcedure,
  waysAmong,
  SCENARIO,
  ANY_CASE,
  type RollbackMode,
} from './rollbackWords.ts';
import { markStatus } from './status.ts';
import { readTable, splitOwners } from './tables.ts';
import { TITLE_WORDS } from './roleWords.ts';
import { findThreshold } from './thresholds.ts';
import { startsWithVerb } from './verbs.ts';

interface Parts {
  steps: RollbackStep[];
  triggers: RollbackTrigger[];
  checks: RollbackCheck[];
  /** Prose before the first list ("En cas de bug critique…"). */
  prose: string[];
}

interface Where {
  scope: string;
  mode: RollbackMode | null;
  alternative: string | null;
}

/** Reads one rollback section (with its sub-sections) into steps, triggers and checks. */
function readParts(section: Section, scope: string, collector: Collector): Parts {
  const parts: Parts = { steps: [], triggers: [], checks: [], prose: [] };
  // "Rollback triggers (any of these → execute the runbook)": the bracket says what follows, not what this is.
  const where: Where = { scope, mode: modeOf(section.title.replace(/\([^)]*\)/gu, ' ')), alternative: null };
  readContent(section, parts, where, collector);
  // "En cas de problème" over "Build échoue", "Site ne charge pas": one way per symptom.
  const bySymptom = hasKeyword(section.title, BY_SYMPTOM);
  const ways = waysAmong(section.children);
  for (const child of section.children)
    readSub(
      child,
      parts,
      bySymptom ? { ...where, alternative: displayTitle(child.rawTitle) } : where,
      collector,
      ways.has(child),
    );
  return parts;
}

/** A sub-section: a mode by its heading, an alternative, a numbered level (one step), or more of the same. */
function readSub(part: Section, parts: Parts, outer: Where, collector: Collector, way = false): void {
  const title = displayTitle(part.rawTitle);
  // "Database Rollback (If data migration ran)": the bracket says when this way applies, so the
  // sub-section is one way to roll back, not a list of triggers.
  const bracket = /\(([^)]*)\)/u.exec(part.title)?.[1] ?? '';
  const conditional =
    CONDITION.test(bracket) || /\b(?:within|dans les|en moins de|innerhalb|entro|binnen)\b/iu.test(bracket);
  const mode = modeOf(part.title.replace(/\([^)]*\)/gu, ' '));
  if (mode === 'skip' || namesNoProcedure(part.title)) {
    collector.account(part.line, part.endLine);
    return;
  }
  // "If the system goes down", "Wenn die Daten fehlen": a scenario, its heading the trigger.
  const scenario =
    mode === null &&
    SCENARIO.test(fold(title)) &&
    !hasKeyword(title, ANY_CASE) &&
    findKeyword(wordsOf(title), TITLE_WORDS.rollback) === null;
  if (scenario) parts.triggers.push(triggerOf(title, part.line, part.line, outer.scope, collector));
  const alternative = ALTERNATIVE.test(title) || conditional || way || scenario ? title : outer.alternative;
  const numberedAction =
    BARE_NUMBER.test(title) && startsWithVerb(title.replace(BARE_NUMBER, ''), collector.language);
  if (mode === null && (NUMBERED_STEP.test(title) || numberedAction)) {
    const step = sectionStep(part, title, { ...outer, alternative }, collector);
    parts.steps.push(step);
    return;
  }
  const where: Where = { ...outer, mode: mode ?? outer.mode, alternative };
  const before = parts.steps.length;
  readContent(part, parts, where, collector);
  const ways = waysAmong(part.children);
  for (const child of part.children) readSub(child, parts, where, collector, ways.has(child));
  // An alternative written only as code ("Option 2: downgrade the packages") is one step.
  if (
    alternative &&
    alternative !== outer.alternative &&
    parts.steps.length === before &&
    where.mode !== 'triggers'
  )
    parts.steps.push(makeStep(title, title, part.line, part.endLine, where, collector));
}

/** A numbered level of the procedure: one step, its lists and numbered comments its sub-steps. */
function sectionStep(part: Section, title: string, where: Where, collector: Collector): RollbackStep {
  const step = makeStep(title, title, part.line, part.endLine, where, collector);
  const inner: Parts = { steps: [], triggers: [], checks: [], prose: [] };
  const innerWhere: Where = { scope: step.id, mode: 'steps', alternative: null };
  readContent(part, inner, innerWhere, collector);
  for (const child of part.children) readSub(child, inner, innerWhere, collector);
  const symptoms = inner.prose.find((line) => /^(symptom|sympt|sintom|symptom)/iu.test(fold(line)));
  if (symptoms) step.condition = splitLabel(symptoms)[1];
  if (inner.steps.length) step.children = inner.steps;
  return step;
}

function readContent(part: Section, parts: Parts, outer: Where, collector: Collector): void {
  let mode = outer.mode;
  for (const node of part.content) {
    if (node.type === 'paragraph') {
      const text = plainText(node).trim();
      const labelled = isLabel(text) ? modeOf(text.replace(/\*+/g, '')) : null;
      if (labelled) mode = labelled;
      else if (ALTERNATIVE.test(text) && isLabel(text))
        outer = { ...outer, alternative: text.replace(/[:*\s]+$/u, '') };
      else if (parts.steps.length === 0 && parts.triggers.length === 0)
        parts.prose.push(text.replace(/\s*:$/, ''));
    } else if (node.type === 'list') readList(node, parts, { ...outer, mode }, collector);
    else if (node.type === 'table') readTableRows(node, parts, { ...outer, mode }, collector);
    else if (node.type === 'code' && mode !== 'triggers' && mode !== 'skip' && mode !== 'checks')
      parts.steps.push(...stepsOfCode(node, { ...outer, mode }, collector));
  }
}

/** A list: triggers, checks or steps by its label; an item that is itself a label gives its nested list that mode. */
function readList(list: List, parts: Parts, where: Where, collector: Collector): void {
  if (where.mode === 'skip') {
    collector.account(lineOf(list), endLineOf(list));
    return;
  }
  const texts = list.children.map((node) => ownText(node));
  const mode =
    where.mode ??
    (texts.length > 0 && texts.every((text) => markStatus(text) === 'failed' || findThreshold(text)?.metric)
      ? 'triggers'
      : texts.length > 0 &&
          list.children.every((node) => typeof node.checked === 'boolean') &&
          texts.filter((text) => READY_STATE.test(fold(text))).length * 5 >= texts.length * 3
        ? 'checks'
        : 'steps');
  // "If it breaks:" followed by what to do lists steps, not triggers: actions start with a verb.
  const actions = texts.filter((text) => startsWithVerb(text, collector.language)).length;
  const listMode = mode === 'triggers' && actions * 5 >= texts.length * 3 ? 'steps' : mode;
  for (const node of list.children) {
    const text = itemText(ownText(node));
    const nested = node.children.filter((child): child is List => child.type === 'list');
    // "Triggers:" over its list labels it; "2. Technische Schritte" over its sub-steps is a step.
    const label = /:\s*$/u.test(text) || (list.ordered !== true && text.split(/\s+/).length <= 6);
    const labelled = nested.length > 0 && label ? modeOf(text) : null;
    if (labelled) {
      collector.account(lineOf(node), lineOf(node));
      for (const inner of nested) readList(inner, parts, { ...where, mode: labelled }, collector);
      continue;
    }
    if (listMode === 'triggers')
      parts.triggers.push(triggerOf(text, lineOf(node), endLineOf(node), where.scope, collector));
    else if (listMode === 'checks')
      parts.checks.push(checkOf(text, lineOf(node), endLineOf(node), where.scope, collector));
    else parts.steps.push(stepOf(node, where, collector));
  }
}

function triggerOf(
  text: string,
  line: number,
  endLine: number,
  scope: string,
  collector: Collector,
): RollbackTrigger {
  const found = findThreshold(text);
  const rule = found?.metric
    ? {
        metric: found.metric,
        comparison: found.comparison,
        threshold: found.threshold,
        unit: found.unit,
        ...(found.sustained ? { sustained: found.sustained } : {}),
      }
    : null;
  return {
    id: collector.uniqueId(`${scope}/when/${slug(rule?.metric ?? splitLabel(text)[0])}`),
    text,
    pos: { line, endLine },
    ...(rule ? { rule } : {}),
  };
}

function checkOf(
  text: string,
  line: number,
  endLine: number,
  scope: string,
  collector: Collector,
): RollbackCheck {
  return { id: collector.uniqueId(`${scope}/check/${slug(text)}`), text, pos: { line, endLine } };
}

function makeStep(
  title: string,
  text: string,
  line: number,
  endLine: number,
  where: Where,
  collector: Collector,
): RollbackStep {
  return {
    id: collector.uniqueId(`${where.scope}/${slug(title)}`),
    title,
    text,
    condition: null,
    pos: { line, endLine },
    ...(where.alternative ? { alternative: where.alternative } : {}),
  };
}

function stepOf(node: ListItem, where: Where, collector: Collector): RollbackStep {
  const [text, owners] = ownersSuffix(itemText(ownText(node)));
  const [label, rest] = splitLabel(text);
  const condition = conditionOf(rest ?? text, collector.language);
  // "**Within 5min:** Stop the new containers": the label says when, the rest what.
  const title = rest && isWhenLabel(label) ? rest : label;
  const step = makeStep(title, text, lineOf(node), endLineOf(node), where, collector);
  const inner: Where = { scope: step.id, mode: 'steps', alternative: null };
  const children = [
    ...node.children
      .filter((child): child is List => child.type === 'list')
      .flatMap((child) => child.children.map((sub) => stepOf(sub, inner, collector))),
    ...node.children
      .filter((child): child is Code => child.type === 'code')
      .flatMap((code) => stepsOfCode(code, inner, collector)),
  ];
  return {
    ...step,
    condition,
    ...(owners.length ? { owners } : {}),
    ...(children.length ? { children } : {}),
  };
}

function stepsOfCode(code: Code, where: Where, collector: Collector, annotated = false): RollbackStep[] {
  return codeSteps(code, annotated).map(({ title, text, line, endLine }) =>
    makeStep(splitLabel(title)[0], text, line, endLine, where, collector),
  );
}

/**
 * An R1–Rn table or one with trigger and action columns: each row a step whose condition is its
 * trigger; a table of triggers and thresholds only ("Condition | Action" where the action says how
 * fast) gives triggers.
 */
function readTableRows(table: Table, parts: Parts, where: Where, collector: Collector): void {
  const { header, rows } = readTable(table);
  const columns = chooseColumns(header);
  const action = columns.action ?? columns.item;
  const trigger = columns.trigger ?? columns.target;
  const line = lineOf(table);
  if (where.mode === 'skip') return;
  // Actions that only say how fast, or point to the procedure itself: the rows are when, not what.
  const actionsAreSpeeds =
    action !== undefined &&
    trigger !== undefined &&
    rows.every((row) =>
      /\b(immediate|immédiat|inmediat|imediat|sofort|immediato|onmiddellijk|planned|evaluate|within|rollback|revers|retour arri|r[üu]ckfall|terugval|ripristin|procedure|procédure|procedimiento|procedimento|prozedur|procedura)\w*/iu.test(
        row.cells[action.index] ?? '',
      ),
    );
  if (where.mode === 'triggers' || (trigger && (!action || actionsAreSpeeds))) {
    const at = trigger?.index ?? 0;
    parts.triggers.push(
      ...rows.map((row) =>
        triggerOf(
          row.cells[at] ?? row.cells.filter(Boolean).join(' — '),
          row.line,
          row.line,
          where.scope,
          collector,
        ),
      ),
    );
    collector.explain(line, 'rollback table', 'triggers', describeColumns(columns));
    return;
  }
  const text =
    action?.index ?? header.findIndex((_, index) => index !== columns.id?.index && index !== trigger?.index);
  for (const row of rows) {
    const label = row.cells[text] ?? '';
    const owners = columns.owner ? splitOwners(row.cells[columns.owner.index] ?? '') : [];
    const name = columns.id ? `${row.cells[columns.id.index] ?? ''} ${label}`.trim() : label;
    parts.steps.push({
      ...makeStep(splitLabel(name)[0], label, row.line, row.line, where, collector),
      title: splitLabel(label)[0],
      condition: trigger ? (row.cells[trigger.index] ?? null) || null : null,
      ...(owners.length ? { owners } : {}),
    });
  }
  collector.explain(
    line,
    'rollback table',
    'steps',
    describeColumns(columns) || 'no header word: first column',
  );
}

/** Adds a rollback section to the plan's protocol (the first section names it; later ones are merged). */
export function mergeRollback(
  current: Rollback | null,
  section: Section,
  collector: Collector,
): Rollback | null {
  const id = current?.id ?? collector.uniqueId(`rollback/${slug(section.title)}`);
  const parts = readParts(section, id, collector);
  // A procedure written only as an annotated block ("# Railway" over `railway rollback`).
  if (parts.steps.length === 0)
    for (const code of section.content.filter((node): node is Code => node.type === 'code'))
      parts.steps.push(
        ...stepsOfCode(code, { scope: id, mode: 'steps', alternative: null }, collector, true),
      );
  // A protocol written as prose ("Until step 5 all is reversible: point the DNS back") is one step.
  // Short "Key: value" lines are fields; "Rollback (any time): point the host back …" tells the protocol.
  const fieldsOnly = parts.prose.every((line) => /^[^:\s]+(?:\s+[^:\s]+){0,3}\s*:\s*\S.{0,80}$/u.test(line));
  if (
    parts.steps.length + parts.triggers.length + parts.checks.length === 0 &&
    parts.prose.length > 0 &&
    !fieldsOnly
  ) {
    const text = parts.prose.join(' ');
    parts.steps.push(
      makeStep(
        displayTitle(section.rawTitle),
        text,
        section.line,
        section.endLine,
        { scope: id, mode: 'steps', alternative: null },
        collector,
      ),
    );
    parts.prose = [];
  }
  if (parts.steps.length + parts.triggers.length + parts.checks.length === 0) return current;
  const trigger = parts.prose.join(' ') || null;
  if (!current)
    return {
      id,
      title: displayTitle(section.rawTitle),
      trigger,
      steps: parts.steps,
      pos: { line: section.line, endLine: section.endLine },
      ...(parts.triggers.length ? { triggers: parts.triggers } : {}),
      ...(parts.checks.length ? { checks: parts.checks } : {}),
    };
  collector.report(
    'rollback-merged',
    'info',
    `rollback section "${displayTitle(section.rawTitle)}" was merged into "${current.title}" (${parts.steps.length} step(s), ${parts.triggers.length} trigger(s))`,
    section.line,
  );
  const triggers = [...(current.triggers ?? []), ...parts.triggers];
  const checks = [...(current.checks ?? []), ...parts.checks];
  return {
    ...current,
    trigger: current.trigger ?? trigger,
    steps: [...current.steps, ...parts.steps],
    ...(triggers.length ? { triggers } : {}),
    ...(checks.length ? { checks } : {}),
  };
}
