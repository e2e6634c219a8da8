/**
 * `GET` and `POST /approve/<token>`: a decision link followed. The token is the credential (no
 * bearer token, no session): a tampered one is refused with 401, an expired or used one with 410.
 * A GET shows what the link would record and changes nothing; the POST records it as the link's
 * person, through the launch's own send (roles, approval policy, the state, a reason the plan
 * asks for), with an event id derived from the link, so whether it was used is read from the log
 * on any host, and two posts of one link write one decision.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { EventEnvelope } from '../../events/envelope.ts';
import { gateApproved, gateDecided } from '../../events/factories.ts';
import type { LaunchEvent } from '../../events/vocabulary.ts';
import type { Launch } from '../../launch/index.ts';
import type { EventStore } from '../../store/EventStore.ts';
import type { PageAnswer } from '../console/pages.ts';
import { missingReason } from '../decisionReason.ts';
import type { LaunchRegistry } from '../launches.ts';
import { fromLaunchError, type HttpError } from '../reply.ts';
import { confirmPage, recordedPage, refusedPage } from './page.ts';
import { linkEventId, verifyLink, type LinkClaims } from './token.ts';

export interface LinkContext {
  launches: LaunchRegistry;
  store: EventStore;
  /** The link secret; null when links are off (every link is then unknown: 404). */
  secret: string | null;
  clock: () => Date;
  requireDecisionReason: boolean;
}

/** The largest confirmation form: a reason of 500 characters, percent-encoded. */
const FORM_BYTES = 8 * 1024;

/** The event the link's decision is written as: an approval under the gate's policy, else the lead's decision. */
function eventOf(launch: Launch, claims: LinkClaims, reason: string | undefined): LaunchEvent {
  const withReason = reason ? { reason } : {};
  const governed = launch.plan.gates.some((gate) => gate.id === claims.gate && gate.approval !== undefined);
  return claims.decision === 'go' && governed
    ? gateApproved({ gateId: claims.gate, ...withReason })
    : gateDecided({ gateId: claims.gate, decision: claims.decision, ...withReason });
}

/** The logged event the link wrote, if it was used. */
async function usedBy(store: EventStore, claims: LinkClaims): Promise<EventEnvelope | null> {
  const id = linkEventId(claims);
  for await (const envelope of store.read(claims.stream)) if (envelope.eventId === id) return envelope;
  return null;
}

const usedPage = (used: EventEnvelope): PageAnswer =>
  refusedPage(
    410,
    'Link already used',
    `This link was used at ${used.at} by ${used.actor.id}: it works once.`,
  );

/**
 * The answer to a decision link.
 *
 * @example
 * await answerLink(context, 'GET', token, readForm) // Right(confirmation page) | Right(401/410 page)
 */
export async function answerLink(
  context: LinkContext,
  method: string,
  token: string,
  readForm: (limit: number) => Promise<E.Either<HttpError, Buffer>>,
): Promise<E.Either<HttpError, PageAnswer>> {
  if (context.secret === null)
    return E.right(refusedPage(404, 'No such link', 'Decision links are not enabled on this service.'));
  const verified = verifyLink(context.secret, token, context.clock());
  if (E.isLeft(verified))
    return E.right(
      verified.left._tag === 'LinkTampered'
        ? refusedPage(401, 'Link not valid', 'This link was not issued by this service, or it was changed.')
        : refusedPage(410, 'Link expired', `This link expired at ${verified.left.expires}.`),
    );
  const claims = verified.right;
  const launch = await context.launches.fresh(claims.stream);
  if (E.isLeft(launch))
    return E.right(refusedPage(404, 'No such launch', fromLaunchError(launch.left).message));
  const used = await usedBy(context.store, claims);
  if (used) return E.right(usedPage(used));
  const checklist = launch.right.checklist();
  const gateTitle = checklist.gates.find((candidate) => candidate.id === claims.gate)?.title ?? claims.gate;
  // The launch stands at the gate: waiting, or held after a no-go (where a go still passes).
  const atGate = checklist.current.includes(claims.gate);
  if (method !== 'POST') return E.right(confirmPage(claims, gateTitle, launch.right.plan.title, atGate));
  const form = await readForm(FORM_BYTES);
  if (E.isLeft(form)) return form;
  const reason = new URLSearchParams(form.right.toString('utf8')).get('reason')?.trim() || undefined;
  const event = eventOf(launch.right, claims, reason);
  const unexplained = missingReason(launch.right.plan, context.requireDecisionReason, event);
  if (unexplained) return E.right(refusedPage(unexplained.status, 'A reason is needed', unexplained.message));
  const sent = await launch.right.send(event, {
    actor: { id: claims.person, roles: claims.roles },
    eventId: linkEventId(claims),
  });
  if (E.isRight(sent) && sent.right.appended) {
    const after = launch.right.checklist().gates.find((candidate) => candidate.id === claims.gate);
    return E.right(recordedPage(claims, gateTitle, `the gate is ${after?.status ?? 'recorded'}`));
  }
  // Written before (by another post of the link, here or on another host): used.
  const usedNow = await usedBy(context.store, claims);
  if (usedNow) return E.right(usedPage(usedNow));
  if (E.isRight(sent)) return E.right(refusedPage(410, 'Link already used', 'This link works once.'));
  const error = fromLaunchError(sent.left);
  return E.right(refusedPage(error.status, 'Not recorded', error.message));
}
