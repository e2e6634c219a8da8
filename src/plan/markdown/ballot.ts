/**
 * How people record a decision in a plan: a ballot, the options written as a list to tick
 * ("☐ GO ☐ NO-GO", "- [ ] Approved / - [ ] Approved with conditions / - [ ] Not approved"), and a
 * signature list, one box per person or role who signs ("- [ ] **QA Lead** - Testing"). Ticking
 * one records the verdict or an approval; none of them is work to do, so neither is ever a step's
 * items nor a gate's criteria.
 */
import type { List, RootContent } from 'mdast';
import { fold } from '../text.ts';
import type { Collector } from './collect.ts';
import { ownText } from './items.ts';
import { hasKeyword, keywords } from './keywords.ts';
import type { Language } from './language.ts';
import { startsWithVerb } from './verbs.ts';
import { lineOf, type Section } from './parse.ts';
import { markStatus, withoutMark } from './status.ts';

/** A box, a blank or a colon waiting for the answer: what makes "GO / NO-GO" a choice, not a name. */
const BLANK = /[☐□⬜🔲]|\[\s?\]|\[[xX]\]|_{2,}|:\s*$|\(\s*\)|\|/u;

/** A decision still to take on one line: "☐ GO ☐ NO-GO", "GO / NO-GO: ____", "Approved ☐ Rejected ☐". */
export const isChoice = (text: string): boolean =>
  BLANK.test(text) &&
  ((/\bno[\s-]*go\b/iu.test(text) &&
    /(?:^|[^-\w])go\b(?![\s-]*live)/iu.test(text.replace(/\bno[\s-]*go\b/giu, ''))) ||
    /\b(approved|approuv\w*|aprobad\w*|aprovad\w*|freigegeben|approvat\w*|goedgekeurd)\b.*\b(rejected|refus\w*|rechazad\w*|reprovad\w*|abgelehnt|rifiutat\w*|afgekeurd)\b/iu.test(
      fold(text),
    ));

const VERDICT_WORD =
  '(?:no[\\s-]*go|go(?![\\s-]*live)|(?:not\\s+)?approved|rejected|(?:non\\s+)?approuv\\w*|refus\\w*|(?:no\\s+)?aprobad\\w*|rechazad\\w*|(?:nao\\s+)?aprovad\\w*|reprovad\\w*|(?:nicht\\s+)?freigegeben|abgelehnt|(?:non\\s+)?approvat\\w*|rifiutat\\w*|(?:niet\\s+)?goedgekeurd|afgekeurd|delay\\w*|postpone\\w*|aplaz\\w*|adiad\\w*|verschoben|rinviat\\w*|uitgesteld|proceed|continue|roll\\s*back|abort|halt|poursuivre|continuer|retour\\s+arriere|continuar|prosseguir|reverter|abortar|fortfahren|abbrechen|doorgaan|terugdraaien|procedere|proseguire)';
const QUALIFIER =
  '(?:with\\s+(?:conditions|reservations|caveats)|sous\\s+(?:conditions|reserves)|con\\s+(?:condiciones|reservas|riserva)|com\\s+(?:condicoes|ressalvas)|unter\\s+(?:auflagen|vorbehalt)|onder\\s+voorwaarden|conditionnel\\w*|condicional|conditional)';
/** What a verdict may name: "GO PRODUCTION", "Go for launch". */
const TARGET =
  '(?:(?:en\\s+|em\\s+|in\\s+|to\\s+|for\\s+)?(?:production|produccion|producao|produktion|produzione|productie|prod|launch|release))';
/** "GO", "NO-GO — refused", "Approved with conditions: …", "Conditional GO": a verdict, then at most a gloss. */
const OPTION = new RegExp(
  `^\\W*(?:conditional\\s+)?${VERDICT_WORD}(?:\\s+${TARGET})?(?:\\s+${QUALIFIER})?(?:\\s*$|\\s*[-—–:(/,.!*|]|\\s+[-—–])`,
  'iu',
);
/** A bare answer: "Yes", "Non", "Sí". */
const ANSWER = /^\W*(?:yes|no|ja|nein|oui|non|si|sì|sim|nao|ok|ko)\W*$/iu;

/** An option to tick: an entry that is only a verdict, with at most a gloss after it. */
export const isOption = (text: string): boolean => {
  const folded = fold(withoutMark(text)).replace(/\*+/gu, '');
  return OPTION.test(folded) || ANSWER.test(folded);
};

// prettier-ignore
const SIGNER_WORDS = keywords(
  'lead', 'manager', 'owner', 'responsable', 'responsabile', 'responsavel', 'verantwortlich*', 'chef', 'jefe', 'jefa',
  'head', 'director*', 'directeur', 'directrice', 'diretor*', 'direttore', 'leiter*', 'gerente', 'gestor*', 'cto', 'ceo',
  'cio', 'ciso', 'cfo', 'coo', 'vp', 'sponsor', 'stakeholder*', 'qa', 'sre', 'devops', 'ops', 'dba', 'po',
  'product owner', 'release manager', 'eigenaar', 'dueno', 'proprietario', 'operaciones', 'operations', 'operacoes',
  'exploitation', 'betrieb', 'security', 'seguridad', 'seguranca', 'securite', 'sicherheit', 'sicurezza', 'beveiliging',
  'negocio', 'business', 'metier', 'fachbereich', 'architect*', 'arquitect*', 'architecte', 'engineer', 'ingenieur',
);

/** One who signs: a short name of a role or a person, then at most a gloss ("**CTO** - final approval"). */
function isSigner(text: string, language: Language): boolean {
  const plain = withoutMark(text).replace(/\*+/gu, '').trim();
  const name = plain.split(/\s[-—–]\s|:|\(/u)[0] ?? '';
  const words = name.split(/\s+/u).filter(Boolean);
  return (
    words.length > 0 &&
    words.length <= 5 &&
    !/\d/u.test(name) &&
    // "Jefe de proyecto" reads like a Spanish imperative; a name that opens with a role is one.
    (hasKeyword(words[0] ?? '', SIGNER_WORDS) || !startsWithVerb(name, language)) &&
    hasKeyword(name, SIGNER_WORDS)
  );
}

/** A list of two or more entries, each only an option of one decision or one who signs it. */
export function isBallot(list: List, language: Language): boolean {
  // Options are to tick: "- **Go**: trigger the playbook" without a box is a branch of work.
  const boxed = list.children.every(
    (entry) => typeof entry.checked === 'boolean' || markStatus(ownText(entry)) !== null,
  );
  const texts = list.children.map((entry) => ownText(entry));
  return (
    boxed && texts.length >= 2 && (texts.every(isOption) || texts.every((text) => isSigner(text, language)))
  );
}

/** "Date: [Date]", "Attendees: PM, QA": a list of fields is the decision's record, not its criteria. */
const isFieldList = (list: List): boolean =>
  list.children.length >= 2 &&
  list.children.every((entry) => /^\**[^:*[\]]{1,30}\**\s*:\s*\S/u.test(withoutMark(ownText(entry))));

/** Content without its ballots: what is left to read as work or criteria. */
export function withoutBallots(nodes: readonly RootContent[], language: Language): RootContent[] {
  return nodes.filter((node) => node.type !== 'list' || !isBallot(node, language));
}

/**
 * A section without its ballots, each explained as the decision's verdict and counted as read;
 * the section itself when it holds none.
 */
export function setBallotsApart(section: Section, collector: Collector): Section {
  const ballots = section.content.filter(
    (node): node is List => node.type === 'list' && (isBallot(node, collector.language) || isFieldList(node)),
  );
  if (ballots.length === 0) return section;
  for (const ballot of ballots) {
    const line = lineOf(ballot);
    collector.explain(
      line,
      'list',
      'ballot',
      'its entries are the options of the decision, the people who sign it or the record of the meeting',
    );
    collector.account(line, ballot.position?.end.line ?? line);
  }
  return { ...section, content: section.content.filter((node) => !ballots.includes(node as List)) };
}
