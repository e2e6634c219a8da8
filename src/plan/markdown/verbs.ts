/**
 * Lines that ask for something to be done, and lines that state how things are. Work is mostly
 * written as a verb first ("Deploy the API", "Vérifier les sauvegardes", "Ejecutar migraciones")
 * or, in German and Dutch, last ("Backup prüfen", "Back-up maken"); notes and expectations are
 * statements ("The API is read-only during the freeze"). Both are evidence, never a rule.
 */
import { fold, stripEmoji } from '../text.ts';
import type { Language } from './language.ts';
import { withoutMark } from './status.ts';

// prettier-ignore
const ENGLISH = new Set([
  'add', 'alert', 'align', 'analyse', 'analyze', 'announce', 'apply', 'approve', 'archive', 'assign', 'audit',
  'back', 'backup', 'book', 'brief', 'build', 'bump', 'call', 'capture', 'change', 'check', 'clean', 'clear',
  'close', 'collect', 'communicate', 'compare', 'complete', 'configure', 'confirm', 'connect', 'contact',
  'copy', 'create', 'cut', 'decide', 'declare', 'decommission', 'define', 'delete', 'deploy', 'disable',
  'document', 'download', 'drain', 'draft', 'drop', 'email', 'enable', 'ensure', 'escalate', 'establish',
  'estimate', 'evaluate', 'execute', 'export', 'file', 'finalize', 'finalise', 'fix', 'flip', 'freeze',
  'gather', 'generate', 'get', 'give', 'go', 'hand', 'hold', 'identify', 'implement', 'import', 'inform',
  'install', 'invite', 'kick', 'label', 'launch', 'load', 'lock', 'log', 'make', 'mark', 'measure', 'merge',
  'migrate', 'monitor', 'move', 'notify', 'obtain', 'open', 'organize', 'pause', 'perform', 'ping', 'plan',
  'point', 'post', 'prepare', 'present', 'promote', 'provision', 'publish', 'purge', 'push', 'put', 'rebuild',
  'record', 'redirect', 'reduce', 'refresh', 'register', 'release', 'reload', 'remove', 'rename', 'renew',
  'replace', 'replicate', 'report', 'request', 'reset', 'resolve', 'restart', 'restore', 'resume', 'retire',
  'review', 'revoke', 'roll', 'rollback', 'rotate', 'run', 'save', 'scale', 'schedule', 'scan', 'secure',
  'send', 'set', 'setup', 'share', 'ship', 'shut', 'sign', 'snapshot', 'spin', 'start', 'stop', 'store',
  'submit', 'switch', 'sync', 'tag', 'take', 'tear', 'tell', 'terminate', 'test', 'tighten', 'track',
  'train', 'trigger', 'truncate', 'turn', 'tweet', 'unfreeze', 'unlock', 'update', 'upgrade', 'upload',
  'use', 'validate', 'verify', 'wait', 'warm', 'watch', 'write',
]);

// prettier-ignore
const GERMAN_FIRST = new Set([
  'prufen', 'prufe', 'pruft', 'sicherstellen', 'durchfuhren', 'erstellen', 'informieren', 'aktivieren',
  'deaktivieren', 'starten', 'stoppen', 'installieren', 'konfigurieren', 'testen', 'dokumentieren',
  'controleer', 'controleren', 'maak', 'zorg', 'voer', 'stuur', 'informeer', 'test', 'start', 'stop',
  'installeer', 'configureer', 'plan', 'zet', 'update', 'verifieer', 'bevestig', 'documenteer', 'deploy',
]);

/** Words of a line without its marks, numbering, emphasis and leading box. */
function wordsOfLine(text: string): string[] {
  const clean = stripEmoji(withoutMark(text))
    .replace(/^\s*(?:\[[ xX]\]\s*)?(?:\d+[.)]\s*)?/u, '')
    .replace(/[*_`]/g, '');
  return clean.split(/[^\p{L}'-]+/u).filter(Boolean);
}

const ROMANCE_INFINITIVE: Readonly<Partial<Record<Language, RegExp>>> = {
  fr: /^\p{L}{2,}(?:er|ir|re|ez)$/u,
  es: /^\p{L}{2,}(?:ar|er|ir|e)$/u,
  pt: /^\p{L}{2,}(?:ar|er|ir)$/u,
  it: /^\p{L}{2,}(?:are|ere|ire|a|i)$/u,
};

/** Whether a line starts (or, in German and Dutch, ends) with a verb asking for work. */
export function startsWithVerb(text: string, language: Language = 'en'): boolean {
  const words = wordsOfLine(text);
  const first = words[0];
  if (!first) return false;
  const folded = fold(first);
  if (ENGLISH.has(folded)) return true;
  if (language === 'de' || language === 'nl') {
    const last = words.at(-1) ?? '';
    return GERMAN_FIRST.has(folded) || (words.length > 1 && /^\p{Ll}\p{L}*(?:en|ern|eln)$/u.test(last));
  }
  const infinitive = ROMANCE_INFINITIVE[language];
  return (
    infinitive !== undefined && first === first[0]?.toUpperCase() + first.slice(1) && infinitive.test(folded)
  );
}

const STATEMENT =
  /\b(?:is|are|was|were|will|should|must|can|est|sont|sera|doit|doivent|peut|es|son|sera|debe|deben|puede|sao|deve|devem|pode|ist|sind|wird|werden|muss|mussen|soll|kann|sono|sara|deve|devono|puo|zijn|wordt|worden|moet|moeten|kan)\b/u;

/** A sentence that states how things are or should be: six words or more around a verb such as is, est, ist, è. */
export function isStatement(text: string): boolean {
  const words = wordsOfLine(text);
  return words.length >= 6 && STATEMENT.test(fold(words.join(' ')));
}
