/**
 * The owner's side of forwarded writes (launch/owner/forwarding.ts): `POST /cluster/send` from
 * another `serve` host, authenticated by the cluster secret rather than a client token (the
 * forwarding host authenticated its client and names the actor), and the same write for writes
 * that come over NATS. A host that does not own the launch answers `NotOwner`, never forwards.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { IncomingMessage } from 'node:http';
import {
  isForwardedSend,
  sharesTail,
  type ForwardAnswer,
  type ReceiveForwarded,
} from '../launch/owner/forwarding.ts';
import { CLUSTER_SECRET_HEADER, clusterSecretMatches } from '../launch/owner/httpTransport.ts';
import type { Ownership } from '../launch/owner/ownership.ts';
import { parseJson } from './body.ts';
import type { Answer } from './endpoints.ts';
import type { LaunchRegistry } from './launches.ts';
import { badRequest, fromBodyError, type HttpError } from './reply.ts';

/** What a cluster host needs besides its launches. */
export interface ClusterOptions {
  readonly ownership: Ownership;
  /** The shared secret of `POST /cluster/send` (hosts that forward over HTTP). */
  readonly secret?: string;
}

/** Writes a forwarded send with this host's own launch (never forwarded again). */
export const writeForwarded =
  (launches: LaunchRegistry): ReceiveForwarded =>
  async (send) => {
    const launch = await launches.local(send.stream);
    if (E.isLeft(launch)) return { _tag: 'Sent', results: send.sends.map(() => launch) };
    const results = await launch.right.sendAll(send.sends, { actor: send.actor });
    // What the sender has not seen yet goes with the answer: it need not read the log again.
    const events =
      send.since !== undefined && sharesTail(launch.right) ? launch.right.eventsSince(send.since) : null;
    return { _tag: 'Sent', results, ...(events ? { events } : {}) };
  };

/** `POST /cluster/send`: a write forwarded by another host of the cluster. */
export async function answerForwarded(
  cluster: ClusterOptions | undefined,
  launches: LaunchRegistry,
  req: IncomingMessage,
  body: Buffer,
): Promise<E.Either<HttpError, Answer>> {
  const presented = req.headers[CLUSTER_SECRET_HEADER];
  if (
    !cluster?.secret ||
    !clusterSecretMatches(cluster.secret, Array.isArray(presented) ? presented[0] : presented)
  )
    return E.left({ status: 403, kind: 'Forbidden', message: 'not a host of this cluster' });
  const send = parseJson(body);
  if (E.isLeft(send)) return E.left(fromBodyError(send.left));
  if (!isForwardedSend(send.right)) return E.left(badRequest('the body is not a forwarded send'));
  const answer: ForwardAnswer = await cluster.ownership.receive(send.right, writeForwarded(launches));
  return E.right({ _tag: 'Json', status: 200, body: answer });
}
