/**
 * A webhook receiver on loopback for the notification tests: it records every delivery (headers
 * and body), answers with whatever its `answer` rule says (a status, or `hold` to keep the request
 * open without an answer), and checks each signature twice: with the reference `standardwebhooks`
 * library in its default mode, and by hand with node:crypto.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Delivery {
  id: string;
  timestamp: string;
  signature: string | undefined;
  body: string;
  status: number | 'hold';
}

export interface Receiver {
  url: string;
  deliveries: Delivery[];
  /** Ids answered with a 2xx, in the order they were taken. */
  accepted(): string[];
  /** What to answer to delivery number `n` (0-based, all attempts counted). */
  answer: (n: number, delivery: Omit<Delivery, 'status'>) => number | 'hold';
  /** Resolves when `test` holds over the deliveries so far. */
  until(test: (deliveries: readonly Delivery[]) => boolean): Promise<void>;
  close(): Promise<void>;
}

/** Whether a signature is `v1,` + base64 HMAC-SHA256 of `id.timestamp.body` under the bytes a `whsec_` secret encodes. */
function handChecked(
  delivery: Pick<Delivery, 'id' | 'timestamp' | 'signature' | 'body'>,
  secret: string,
): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${delivery.id}.${delivery.timestamp}.${delivery.body}`)
    .digest();
  return (delivery.signature ?? '').split(' ').some((entry) => {
    const [version, value] = entry.split(',');
    const given = Buffer.from(value ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/**
 * Whether a delivery verifies with the reference `standardwebhooks` library in its default mode
 * (a `whsec_` secret, a timestamp within 5 minutes), as a receiver would check it, and by hand.
 */
export function signatureValid(
  delivery: Pick<Delivery, 'id' | 'timestamp' | 'signature' | 'body'>,
  secret: string,
): boolean {
  if (!handChecked(delivery, secret)) return false;
  try {
    new Webhook(secret).verify(delivery.body, {
      'webhook-id': delivery.id ?? '',
      'webhook-timestamp': delivery.timestamp ?? '',
      'webhook-signature': delivery.signature ?? '',
    });
    return true;
  } catch {
    return false;
  }
}

export async function startReceiver(answer: Receiver['answer'] = () => 200): Promise<Receiver> {
  const deliveries: Delivery[] = [];
  const waiters = new Set<() => void>();
  const held: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const header = (name: string): string | undefined => {
        const value = req.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const delivery = {
        id: header('webhook-id') ?? '',
        timestamp: header('webhook-timestamp') ?? '',
        signature: header('webhook-signature'),
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const status = receiver.answer(deliveries.length, delivery);
      deliveries.push({ ...delivery, status });
      if (status === 'hold') held.push(res);
      else res.writeHead(status).end();
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const receiver: Receiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    deliveries,
    answer,
    accepted: () => deliveries.filter((d) => typeof d.status === 'number' && d.status < 300).map((d) => d.id),
    until: (test) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (!test(deliveries)) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}
