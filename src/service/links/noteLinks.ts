/**
 * The decision links a notification carries (issue 24): when a gate waits for a decision (or its
 * timeout escalates), each person the notification configuration names gets an approve link if
 * the gate's approval policy lets one of their roles approve, and a no-go link if they lead. Each
 * link is signed for that person alone and expires `expiresIn` after the event that caused the
 * notification (its record time: every host and every resend gives the same links).
 */
import { approvalPolicyOf } from '../../plan/approvals.ts';
import type { Plan } from '../../plan/model.ts';
import type { Note } from '../notify/notes.ts';
import { linkNonce, signLink, type LinkDecision } from './token.ts';

/** One person links are made for: their actor id and the roles they act with. */
export interface LinkPerson {
  id: string;
  roles: readonly string[];
}

/** What links need: the secret, the service's public address, who gets them, for how long. */
export interface LinkSettings {
  secret: string;
  publicUrl: string;
  people: readonly LinkPerson[];
  expiresInMs: number;
}

/** A person's links in a notification. */
export interface PersonLinks {
  person: string;
  approve: string | null;
  noGo: string | null;
  expires: string;
}

/** Notifications of a gate still waiting: where a decision link helps. */
const WAITING_KINDS: ReadonlySet<string> = new Set(['gate.waiting', 'gate.timedOut']);

const holds = (person: LinkPerson, roles: readonly string[]): boolean => {
  const held = new Set(person.roles.map((role) => role.toLowerCase()));
  return held.has('admin') || roles.some((role) => held.has(role.toLowerCase()));
};

/**
 * The note with `details.links` for each person who may decide its gate, when it tells of a gate
 * that waits (a timeout that did not escalate leaves nothing to decide); the note as it is otherwise.
 *
 * @example
 * withLinks(note, plan, settings).details.links // [{ person: 'sam', approve: 'https://…/approve/…', noGo: 'https://…/approve/…', expires: '…' }]
 */
export function withLinks(note: Note, plan: Plan, settings: LinkSettings): Note {
  if (!WAITING_KINDS.has(note.kind)) return note;
  if (note.kind === 'gate.timedOut' && note.details['outcome'] !== 'escalate') return note;
  const gate = plan.gates.find((candidate) => candidate.id === note.subject.id);
  if (!gate) return note;
  const expires = new Date(Date.parse(note.at) + settings.expiresInMs).toISOString();
  const linkOf = (person: LinkPerson, decision: LinkDecision): string => {
    const nonce = linkNonce(settings.secret, note.id, person.id, decision);
    const token = signLink(settings.secret, {
      stream: note.stream,
      gate: gate.id,
      decision,
      person: person.id,
      roles: [...person.roles],
      expires,
      nonce,
    });
    return `${settings.publicUrl}/approve/${token}`;
  };
  const approvers = approvalPolicyOf(gate).roles;
  const links: PersonLinks[] = settings.people.flatMap((person) => {
    const approve = holds(person, approvers) ? linkOf(person, 'go') : null;
    const noGo = holds(person, ['lead']) ? linkOf(person, 'no-go') : null;
    return approve === null && noGo === null ? [] : [{ person: person.id, approve, noGo, expires }];
  });
  return links.length === 0 ? note : { ...note, details: { ...note.details, links } };
}
