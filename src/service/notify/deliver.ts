/**
 * One delivery of a notification to a webhook: the body (launchplan's JSON, or a Slack-compatible
 * message), signed the Standard Webhooks way (`webhook-id`, `webhook-timestamp` and
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">` with the webhook's `whsec_`
 * secret),
 * posted with a time limit. A 2xx answer is a delivery; anything else is a failure to retry, with
 * the delay of `backoffMs`. The receiver's answer is read to at most `ANSWER_BYTES` and within the
 * same time limit as the post, whatever it sends: a `fetch` body is otherwise read whole, and an
 * answer that never ends took a host from 0.4 to 12 GB in 90 s (issue 23).
 */
import * as E from 'fp-ts/lib/Either.js';
import { Webhook as Signer } from 'standardwebhooks';
import type { Webhook } from './config.ts';
import type { Note } from './notes.ts';
import type { PersonLinks } from '../links/noteLinks.ts';

/** Why a delivery did not go through. */
export type DeliveryError =
  | { _tag: 'Refused'; status: number }
  | { _tag: 'AnswerTooLarge'; status: number; limit: number }
  | { _tag: 'Unreachable'; message: string };

export function formatDeliveryError(error: DeliveryError): string {
  switch (error._tag) {
    case 'Refused':
      return `the webhook answered HTTP ${error.status}`;
    case 'AnswerTooLarge':
      return `the webhook answered HTTP ${error.status} with a body of more than ${error.limit} bytes (not read further)`;
    case 'Unreachable':
      return `the webhook could not be reached: ${error.message}`;
  }
}

/**
 * The most of a receiver's answer that is read: receivers answer "ok" or a short JSON; a longer
 * answer is not one a webhook sends, and is not read further (the connection is dropped).
 */
export const ANSWER_BYTES = 8 * 1024;

/** Reads a body to its end if it ends within `limit` bytes (true), else stops reading and cancels it (false). */
async function readsWithin(body: ReadableStream<Uint8Array> | null, limit: number): Promise<boolean> {
  if (body === null) return true;
  const reader = body.getReader();
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return true;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return false;
    }
  }
}

/** The link to a launch's console, when the service's public address is known. */
const consoleLink = (note: Note, publicUrl: string | null): string | null =>
  publicUrl ? `${publicUrl}/launches/${encodeURIComponent(note.stream)}/page` : null;

/** Each person's decision links as a Slack line: `sam: <approve link|approve> · <no-go link|no-go>`. */
function linkLines(note: Note): string[] {
  const links = note.details['links'];
  if (!Array.isArray(links)) return [];
  return (links as PersonLinks[]).map(({ person, approve, noGo }) => {
    const parts = [approve ? `<${approve}|approve>` : '', noGo ? `<${noGo}|no-go>` : ''].filter(Boolean);
    return `${person.replace(/[&<>]/gu, '')}: ${parts.join(' · ')}`;
  });
}

/**
 * The body of a notification for a webhook's format.
 *
 * @example
 * payloadOf(note, 'slack', 'https://launch.example') // '{"text":"Go-live: Go/No-go waits for a go/no-go decision", "blocks": […]}'
 */
export function payloadOf(note: Note, format: Webhook['format'], publicUrl: string | null): string {
  const url = consoleLink(note, publicUrl);
  if (format === 'json') return JSON.stringify({ ...note, url });
  // Slack's mrkdwn: escape the three characters it reserves, then link the console.
  const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const line = `*${escaped(note.launch.title)}*: ${escaped(note.text)}`;
  const context = `${note.launch.state} · ${note.launch.health} · ${note.launch.progress.done}/${note.launch.progress.total} items · by ${escaped(note.actor)}${url ? ` · <${url}|open the console>` : ''}`;
  const links = linkLines(note).map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
  return JSON.stringify({
    text: `${note.launch.title}: ${note.text}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: line } },
      ...links,
      { type: 'context', elements: [{ type: 'mrkdwn', text: context }] },
    ],
  });
}

/** The headers of a delivery: its id and time, and the signature when the webhook has a secret. */
export function deliveryHeaders(
  note: Note,
  body: string,
  secret: string | null,
  now: Date,
): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'launchplan-notifier',
    'webhook-id': note.id,
    'webhook-timestamp': timestamp,
  };
  // A `whsec_` secret (checked when the configuration is read): its key is the base64 after the prefix.
  if (secret !== null) headers['webhook-signature'] = new Signer(secret).sign(note.id, now, body);
  return headers;
}

/**
 * Posts a notification once.
 *
 * @example
 * await deliverOnce(webhook, note, { publicUrl: null, timeoutMs: 10_000, now: new Date() }) // Right(undefined) | Left({ _tag: 'Refused', status: 500 })
 */
export async function deliverOnce(
  webhook: Webhook,
  note: Note,
  options: { publicUrl: string | null; timeoutMs: number; now: Date; signal?: AbortSignal },
): Promise<E.Either<DeliveryError, void>> {
  const body = payloadOf(note, webhook.format, options.publicUrl);
  const signal = options.signal
    ? AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)])
    : AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await fetch(webhook.url, {
      method: 'POST',
      headers: deliveryHeaders(note, body, webhook.secret, options.now),
      body,
      signal,
      redirect: 'manual',
    });
    // The answer's body is not needed, but reading a short one off lets the connection be reused;
    // the signal's time limit still runs while it is read.
    if (!(await readsWithin(response.body, ANSWER_BYTES)))
      return E.left({ _tag: 'AnswerTooLarge', status: response.status, limit: ANSWER_BYTES });
    return response.ok ? E.right(undefined) : E.left({ _tag: 'Refused', status: response.status });
  } catch (error) {
    return E.left({ _tag: 'Unreachable', message: (error as Error).message });
  }
}

/**
 * The wait before retry number `attempt` (0 for the first retry): doubling from `initialMs` up
 * to `maxMs`, with the upper half jittered so failed receivers are not hit by every host at once.
 */
export function backoffMs(
  attempt: number,
  retry: { initialMs: number; maxMs: number },
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(retry.maxMs, retry.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
