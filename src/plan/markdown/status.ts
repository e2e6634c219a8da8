/**
 * Status written as marks or words: ✅ ☑ ⬜ ☐ 🔲 🔄 ❌ and "Done", "Not Started", "En cours",
 * "Pendiente", "Concluído", "Erledigt"… Read at the start of a list item or in a table's status
 * cell, and written back into that cell (`statusText`) the way a checkbox is flipped.
 */
import { findKeyword, keywords, wordsOf } from './keywords.ts';

export type Status = 'done' | 'open' | 'progress' | 'failed';

const DONE_MARK = /^\s*(✅|☑️?|✔️?|✓|🟢|:white_check_mark:|:heavy_check_mark:|\[x\])\s*/iu;
const OPEN_MARK = /^\s*(⬜|☐|□|🔲|🔳|⭕|:white_large_square:|\[ \])\s*/u;
const PROGRESS_MARK = /^\s*(🔄|⏳|🟡|🚧|:hourglass:|:construction:)\s*/u;
const FAILED_MARK = /^\s*(❌|🔴|⛔|🚫|:x:)\s*/u;
const MARKS: ReadonlyArray<[RegExp, Status]> = [
  [DONE_MARK, 'done'],
  [OPEN_MARK, 'open'],
  [PROGRESS_MARK, 'progress'],
  [FAILED_MARK, 'failed'],
];

/** The status a leading mark gives, or null (no mark). */
export function markStatus(text: string): Status | null {
  for (const [pattern, status] of MARKS) if (pattern.test(text)) return status;
  return null;
}

/** A status written as a leading mark: true (done), false (open, in progress, failed) or null (no mark). */
export function leadingStatus(text: string): boolean | null {
  const status = markStatus(text);
  return status === null ? null : status === 'done';
}

/** Where a line's leading mark is: its 1-based column and text ("☐"), or null. */
export function leadingMark(line: string): { column: number; text: string } | null {
  for (const [pattern] of MARKS) {
    const match = pattern.exec(line);
    if (match?.[1]) return { column: line.indexOf(match[1]) + 1, text: match[1] };
  }
  return null;
}

/** Text without its leading status mark. */
export function withoutMark(text: string): string {
  let out = text;
  for (const [pattern] of MARKS) out = out.replace(pattern, '');
  return out;
}

type Language = 'en' | 'fr' | 'es' | 'pt' | 'de' | 'it' | 'nl';

const WORDS: ReadonlyArray<[Status, Language, ReturnType<typeof keywords>]> = [
  ['progress', 'en', keywords('in progress', 'ongoing', 'wip', 'started')],
  ['progress', 'fr', keywords('en cours', 'commence')],
  ['progress', 'es', keywords('en curso', 'en progreso', 'en proceso')],
  ['progress', 'pt', keywords('em andamento', 'em progresso', 'em curso')],
  ['progress', 'de', keywords('in bearbeitung', 'laufend', 'begonnen')],
  ['progress', 'it', keywords('in corso', 'in lavorazione', 'avviato')],
  ['progress', 'nl', keywords('bezig', 'in uitvoering', 'lopend', 'gestart')],
  ['open', 'en', keywords('not started', 'to do', 'todo', 'pending', 'open', 'planned', 'no')],
  ['open', 'fr', keywords('a faire', 'non commence', 'pas commence', 'en attente', 'prevu', 'non')],
  ['open', 'es', keywords('pendiente', 'por hacer', 'sin empezar', 'no iniciado', 'planificado')],
  ['open', 'pt', keywords('pendente', 'nao iniciado', 'a fazer', 'planejado', 'nao')],
  ['open', 'de', keywords('offen', 'ausstehend', 'nicht begonnen', 'geplant', 'nein')],
  ['open', 'it', keywords('da fare', 'in attesa', 'non iniziato', 'pianificato', 'aperto')],
  ['open', 'nl', keywords('open', 'te doen', 'wacht*', 'gepland', 'nee', 'nog niet')],
  ['failed', 'en', keywords('failed', 'blocked', 'ko')],
  ['failed', 'fr', keywords('echec', 'echoue', 'bloque')],
  ['failed', 'es', keywords('fallido', 'bloqueado')],
  ['failed', 'pt', keywords('falhou', 'falha')],
  ['failed', 'de', keywords('fehlgeschlagen', 'blockiert')],
  ['failed', 'it', keywords('fallito', 'bloccato')],
  ['failed', 'nl', keywords('mislukt', 'geblokkeerd')],
  ['done', 'en', keywords('done', 'complete', 'completed', 'finished', 'ok', 'yes', 'passed', 'ready')],
  ['done', 'fr', keywords('fait', 'termine', 'terminee', 'fini', 'valide', 'oui', 'pret')],
  ['done', 'es', keywords('hecho', 'completado', 'completada', 'terminado', 'listo', 'si')],
  ['done', 'pt', keywords('concluido', 'concluida', 'feito', 'pronto', 'sim', 'completo')],
  ['done', 'de', keywords('erledigt', 'fertig', 'abgeschlossen', 'ja', 'bestanden')],
  ['done', 'it', keywords('fatto', 'completato', 'completata', 'terminato', 'concluso', 'pronto')],
  [
    'done',
    'nl',
    keywords('klaar', 'gedaan', 'afgerond', 'voltooid', 'gereed', 'ingesteld', 'actief', 'live'),
  ],
];

/** Options ticked in a cell: "[x] OK [ ] Pendente [ ] N/A". */
const OPTION = /\[([ xX])\]\s*([^[\]]*)/gu;

/** The status of a cell of options: the ticked option's word (an unnamed or "OK" option is done), or open when none is ticked. */
function optionStatus(cell: string): Status | null {
  const options = [...cell.matchAll(OPTION)];
  if (options.length < 2) return null;
  const ticked = options.find((option) => option[1] !== ' ');
  if (!ticked) return 'open';
  return wordStatus(ticked[2] ?? '')?.status ?? 'done';
}

/** The status written at the start of a cell: ticked options, a mark, else words, else null. */
export function cellStatus(cell: string): Status | null {
  const option = optionStatus(cell);
  if (option !== null) return option;
  const mark = markStatus(cell);
  if (mark !== null) return mark;
  return wordStatus(cell)?.status ?? null;
}

function wordStatus(cell: string): { status: Status; language: Language } | null {
  const words = wordsOf(cell);
  if (words.length === 0 || words.length > 3) return null;
  for (const [status, language, list] of WORDS) {
    const match = findKeyword(words, list);
    if (match?.index === 0) return { status, language };
  }
  return null;
}

const DONE_WORD: Record<Language, string> = {
  en: 'Done',
  fr: 'Fait',
  es: 'Hecho',
  pt: 'Concluído',
  de: 'Erledigt',
  it: 'Fatto',
  nl: 'Klaar',
};
const OPEN_WORD: Record<Language, string> = {
  en: 'To do',
  fr: 'À faire',
  es: 'Pendiente',
  pt: 'Pendente',
  de: 'Offen',
  it: 'Da fare',
  nl: 'Open',
};

/**
 * The cell text for a new status, in the cell's own style: a mark is swapped (⬜ → ✅), words are
 * replaced by the done or open word of their language ("Not Started" → "Done", "En cours" → "Fait"),
 * emphasis around them kept ("**En cours**" → "**Fait**").
 */
/**
 * The marks for done and open after a mark as written: a box stays a box (☐ ⇄ ☑, `[ ]` ⇄ `[x]`),
 * so a plan whose boxes are all ticked still reads as ticked; a ✅ alone may be decoration.
 */
const MARK_PAIRS: Readonly<Record<string, readonly [done: string, open: string]>> = {
  '☑': ['☑', '☐'],
  '☐': ['☑', '☐'],
  '□': ['☑', '□'],
  '[x]': ['[x]', '[ ]'],
  '[ ]': ['[x]', '[ ]'],
};

/** The mark for a status in the family of the mark written before (✅ and ⬜ by default). */
function markOfFamily(written: string, done: boolean): string {
  const pair = MARK_PAIRS[written.replace(/\uFE0F/gu, '').toLowerCase()] ?? ['✅', '⬜'];
  return done ? pair[0] : pair[1];
}

/** A mark that is a box (☑ ☐ ☒ `[ ]`): a status wherever it stands, never decoration as a ✅ may be. */
export function isBoxMark(text: string): boolean {
  return /^\s*(?:☑️?|☐|□|☒|\[[ xX]\])/u.test(text);
}

export function statusText(cell: string, done: boolean): string {
  const [, open = '', inner = cell, close = ''] = /^([*_`~]*)(.*?)([*_`~]*)$/su.exec(cell) ?? [];
  return `${open}${plainStatusText(inner, done)}${close}`;
}

function plainStatusText(cell: string, done: boolean): string {
  // A cell of options ticks its first one (OK, Yes, Done) or none.
  if (optionStatus(cell) !== null) {
    let first = true;
    return cell.replace(/\[[ xX]\]/gu, () => {
      const box = done && first ? '[x]' : '[ ]';
      first = false;
      return box;
    });
  }
  const mark = MARKS.find(([pattern]) => pattern.test(cell));
  const rest = mark ? cell.replace(mark[0], '') : cell;
  const words = wordStatus(rest);
  const newWord = words ? (done ? DONE_WORD : OPEN_WORD)[words.language] : rest;
  const newMark = markOfFamily(mark ? (cell.match(mark[0])?.[1] ?? '') : '', done);
  // A cell that says no status the reader knows ("WACHT OP MARIEKE", a task's name) gains a mark before it.
  if (!mark) return words ? newWord : done ? `✅ ${cell}` : cell;
  if (!words && rest.trim()) return done ? `✅ ${rest.trim()}` : rest.trim();
  return rest.trim() ? `${newMark} ${newWord}` : newMark;
}
