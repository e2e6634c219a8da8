/**
 * Forwarded writes over NATS request–reply, between hosts whose log is on NATS: each host answers
 * on the subject it advertises with its lease (`<prefix>.owners.<host id>`), in a queue group of
 * its own, so a forwarded write reaches that host and no other. An owner that is gone answers
 * "no responders" at once; a paused one times out.
 */
import { connect } from '@nats-io/transport-node';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { isForwardedSend, type ForwardAnswer, type Transport } from '../../launch/owner/forwarding.ts';
import { isForwardAnswer } from '../../launch/owner/forwarding.ts';

/** Options of {@link createNatsTransport}. */
export interface NatsTransportOptions {
  readonly servers?: string[];
  readonly connection?: NatsConnection;
  /** Longest wait for an owner's answer, in ms (default 5,000). */
  readonly timeoutMs?: number;
}

/** The subject a host advertises: where its forwarded writes go. */
export const ownerSubject = (prefix: string, hostId: string): string =>
  `${prefix}.owners.${hostId.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/**
 * Create the NATS transport of one host.
 *
 * @example
 * const transport = createNatsTransport({ servers: ['nats://127.0.0.1:4222'] });
 * const holder = { id: 'host-a', address: ownerSubject('launchplan', 'host-a') };
 */
export const createNatsTransport = (options: NatsTransportOptions): Transport => {
  const timeoutMs = options.timeoutMs ?? 5000;
  let opened: Promise<NatsConnection> | undefined;
  const connection = (): Promise<NatsConnection> =>
    (opened ??= (
      options.connection
        ? Promise.resolve(options.connection)
        : connect({ servers: options.servers ?? [], maxReconnectAttempts: -1 })
    ).catch((error: unknown) => {
      opened = undefined;
      throw error;
    }));
  const subscriptions: Subscription[] = [];
  return {
    async forward(owner, send): Promise<ForwardAnswer> {
      const nc = await connection();
      const reply = await nc.request(owner.address, JSON.stringify(send), { timeout: timeoutMs });
      const answer: unknown = reply.json();
      if (!isForwardAnswer(answer, send.sends.length))
        throw new Error(`${owner.id} answered a forwarded write with no answer`);
      return answer;
    },
    async listen(holder, receive) {
      const nc = await connection();
      const subscription = nc.subscribe(holder.address, {
        queue: holder.id,
        callback: (error, message) => {
          if (error) return;
          void (async () => {
            let send: unknown;
            try {
              send = message.json();
            } catch {
              return;
            }
            if (!isForwardedSend(send)) return;
            try {
              message.respond(JSON.stringify(await receive(send)));
            } catch {
              // The sender times out and looks the owner up again; the write, if made, is answered by id.
            }
          })();
        },
      });
      subscriptions.push(subscription);
    },
    async close() {
      for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
      const nc = await opened?.catch(() => undefined);
      if (nc && !options.connection) await nc.close();
    },
  };
};
