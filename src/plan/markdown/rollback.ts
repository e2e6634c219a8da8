/**
 * Rollback sections: when to roll back (triggers, with their thresholds: "Error rate > 5% for
 * 5 min") apart from how (the procedure's steps, nested sub-steps kept), from lists, labelled
 * paragraphs, sub-sections and R1–Rn tables. Several rollback sections make one protocol.
 */
import type { List, ListItem, Table } from 'mdast';
import type { Rollback, RollbackStep, RollbackTrigger } from '../model.ts';
import { slug } from '../text.ts';
import type { Collector } from './collect.ts';
import { itemText, ownText, ownersSuffix, splitLabel } from './items.ts';
import { hasKeyword, keywords } from './keywords.ts';
import { isLabel } from './lines.ts';
import { displayTitle, endLineOf, lineOf, plainText, type Section } from './parse.ts';
import { markStatus } from './status.ts';
import { readTable, splitOwners } from './tables.ts';
import { chooseColumns, describeColumns } from './columns.ts';
import { findThreshold } from './thresholds.ts';

const CONDITION =
  /\b(si|if|lorsque|quand|when|unless|sauf si|en cas d['e]\s*|cuando|quando|wenn|falls)\s*([^,.;:]+?)\s*(?:[,;:]|\.\s|$)/iu;

/** Labels of trigger lists: "When to Rollback:", "Déclencheurs", "Criterios de rollback", "Auslöser". */
const TRIGGER_LABEL = keywords(
  'trigger*',
  'declencheur*',
  'disparador*',
  'gatilho*',
  'ausloser',
  'criteria',
  'criteres',
  'criterios',
  'kriterien',
  'conditions',
  'condiciones',
  'condicoes',
  'bedingungen',
  'when to',
  'quand declencher',
  'quand faire',
  'cuando',
  'quando',
  'wann',
  'signals',
  'signaux',
  'seuils',
  'umbrales',
  'limiares',
  'schwellenwerte',
  'thresholds',
);
/** Labels of procedures: "Procedure", "Étapes", "Pasos", "Passos", "Schritte". */
const STEPS_LABEL = keywords(
  'procedure*',
  'procedimiento*',
  'procedimento*',
  'steps',
  'etapes',
  'pasos',
  'passos',
  'schritte',
  'ablauf',
  'how to',
  'comment',
  'como',
  'wie',
  'actions',
  'acciones',
  'acoes',
  'massnahmen',
);

type Mode = 'triggers' | 'steps' | null;

/** What a label says the next lists are, or null. */
function modeOf(label: string): Mode {
  if (hasKeyword(label, STEPS_LABEL)) return 'steps';
  return hasKeyword(label, TRIGGER_LABEL) ? 'triggers' : null;
}

interface RollbackParts {
  steps: RollbackStep[];
  triggers: RollbackTrigger[];
  /** Prose before the first list ("En cas de bug critique…"). */
  trigger: string | null;
}

/** Reads one rollback section (with its sub-sections) into steps and triggers. */
function readRollbackParts(section: Section, scope: string, collector: Collector): RollbackParts {
  const parts: RollbackParts = { steps: [], triggers: [], trigger: null };
  const prose: string[] = [];
  const visit = (part: Section, inherited: Mode) => {
    let mode = modeOf(part.title) ?? inherited;
    for (const node of part.content) {
      if (node.type === 'paragraph') {
        const text = plainText(node).trim();
        const labelled = isLabel(text) ? modeOf(text) : null;
        if (labelled) mode = labelled;
        else if (parts.steps.length === 0 && parts.triggers.length === 0)
          prose.push(text.replace(/\s*:$/, ''));
      } else if (node.type === 'list') readList(node, mode, scope, parts, collector);
      else if (node.type === 'table') readRollbackTable(node, scope, parts, collector);
    }
    for (const child of part.children) visit(child, mode);
  };
  visit(section, null);
  parts.trigger = prose.join(' ') || null;
  return parts;
}

function readList(list: List, mode: Mode, scope: string, parts: RollbackParts, collector: Collector): void {
  const texts = list.children.map((node) => ownText(node));
  // Unlabelled, a list is triggers when every item states a threshold or starts with ❌.
  const triggers =
    mode === 'triggers' ||
    (mode === null &&
      texts.length > 0 &&
      texts.every((text) => markStatus(text) === 'failed' || findThreshold(text)?.metric));
  if (triggers)
    parts.triggers.push(
      ...list.children.map((node) =>
        triggerOf(itemText(ownText(node)), lineOf(node), endLineOf(node), scope, collector),
      ),
    );
  else parts.steps.push(...list.children.map((node) => stepOf(node, scope, collector)));
}

function triggerOf(
  text: string,
  line: number,
  endLine: number,
  scope: string,
  collector: Collector,
): RollbackTrigger {
  const found = findThreshold(text);
  const rule = found?.metric ? { ...found, metric: found.metric } : null;
  return {
    id: collector.uniqueId(`${scope}/when/${slug(rule?.metric ?? splitLabel(text)[0])}`),
    text,
    pos: { line, endLine },
    ...(rule ? { rule } : {}),
  };
}

function stepOf(node: ListItem, scope: string, collector: Collector): RollbackStep {
  const [text, owners] = ownersSuffix(itemText(ownText(node)));
  const [label, rest] = splitLabel(text);
  const condition = CONDITION.exec(rest ?? text);
  const id = collector.uniqueId(`${scope}/${slug(label)}`);
  const children = node.children
    .filter((child): child is List => child.type === 'list')
    .flatMap((child) => child.children.map((sub) => stepOf(sub, id, collector)));
  return {
    id,
    title: label,
    text,
    condition: condition?.[2] && condition[1] && !/^en cas/i.test(condition[1]) ? condition[2].trim() : null,
    pos: { line: lineOf(node), endLine: endLineOf(node) },
    ...(owners.length ? { owners } : {}),
    ...(children.length ? { children } : {}),
  };
}

/**
 * An R1–Rn table or one with trigger and action columns: each row a step whose condition is its
 * trigger; a table of triggers and thresholds only gives triggers.
 */
function readRollbackTable(table: Table, scope: string, parts: RollbackParts, collector: Collector): void {
  const { header, rows } = readTable(table);
  const columns = chooseColumns(header);
  const action = columns.action ?? columns.item;
  const trigger = columns.trigger ?? columns.target;
  const line = lineOf(table);
  if (!action && trigger) {
    parts.triggers.push(
      ...rows.map((row) =>
        triggerOf(row.cells.filter(Boolean).join(' — '), row.line, row.line, scope, collector),
      ),
    );
    collector.explain(line, 'rollback table', 'triggers', describeColumns(columns));
    return;
  }
  const text =
    action?.index ?? header.findIndex((_, index) => index !== columns.id?.index && index !== trigger?.index);
  for (const row of rows) {
    const label = row.cells[text] ?? '';
    const condition = trigger ? (row.cells[trigger.index] ?? null) : null;
    const owners = columns.owner ? splitOwners(row.cells[columns.owner.index] ?? '') : [];
    const name = columns.id ? `${row.cells[columns.id.index] ?? ''} ${label}`.trim() : label;
    parts.steps.push({
      id: collector.uniqueId(`${scope}/${slug(splitLabel(name)[0])}`),
      title: splitLabel(label)[0],
      text: label,
      condition: condition || null,
      pos: { line: row.line, endLine: row.line },
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
  const parts = readRollbackParts(section, id, collector);
  if (parts.steps.length === 0 && parts.triggers.length === 0) return current;
  if (!current) {
    return {
      id,
      title: displayTitle(section.rawTitle),
      trigger: parts.trigger,
      steps: parts.steps,
      pos: { line: section.line, endLine: section.endLine },
      ...(parts.triggers.length ? { triggers: parts.triggers } : {}),
    };
  }
  collector.report(
    'rollback-merged',
    'info',
    `rollback section "${displayTitle(section.rawTitle)}" was merged into "${current.title}" (${parts.steps.length} step(s), ${parts.triggers.length} trigger(s))`,
    section.line,
  );
  const triggers = [...(current.triggers ?? []), ...parts.triggers];
  return {
    ...current,
    trigger: current.trigger ?? parts.trigger,
    steps: [...current.steps, ...parts.steps],
    ...(triggers.length ? { triggers } : {}),
  };
}
