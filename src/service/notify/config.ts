/**
 * The notification configuration: webhooks, each with a URL, the kinds of notification it wants,
 * the launches it follows (all of them when it names none), a secret that signs every body, and
 * a payload format (launchplan's JSON, or a Slack-compatible message). Decoded from JSON with
 * io-ts; errors never print a secret.
 */
import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import { waitMs } from '../../plan/gateTimeout.ts';
import type { LinkPerson } from '../links/noteLinks.ts';
import * as SecretConfig from '../secretConfig.ts';

/** The kinds of notification a launch gives (see `notes.ts`). */
export const NOTIFICATION_KINDS = [
  'launch.started',
  'gate.waiting',
  'gate.decided',
  'gate.timedOut',
  'alert.fired',
  'alert.resolved',
  'step.blocked',
  'step.overdue',
  'step.completed',
  'phase.completed',
  'rollback.requested',
  'rollback.completed',
  'launch.resumed',
  'launch.aborted',
  'launch.completed',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

const Kind = t.keyof(
  Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, null])) as Record<NotificationKind, null>,
);

const WebhookCodec = t.intersection([
  t.type({ id: t.string, url: t.string }),
  t.partial({
    /** Kinds to send; default: every kind. */
    events: t.array(t.union([Kind, t.literal('*')])),
    /** Streams to follow; default: every launch of the store. */
    launches: t.array(t.string),
    /** Signs `webhook-id.webhook-timestamp.body` with HMAC-SHA256 (Standard Webhooks). */
    secret: t.string,
    format: t.keyof({ json: null, slack: null }),
  }),
]);

const NotifyFile = t.intersection([
  t.type({ webhooks: t.array(WebhookCodec) }),
  t.partial({
    /** The service's public address, for links to the console in messages. */
    publicUrl: t.string,
    /** First retry after this many ms, doubling up to `maxMs` (defaults 1 s and 5 min). */
    retry: t.partial({ initialMs: t.number, maxMs: t.number }),
    /** Longest wait for a webhook's answer (default 10 s). */
    timeoutMs: t.number,
    /**
     * Decision links in the notifications of a waiting gate (signed with LAUNCHPLAN_LINK_SECRET):
     * the people who get them, with the roles they act with, and how long a link lasts (default 24h).
     */
    links: t.intersection([
      t.type({ people: t.array(t.type({ id: t.string, roles: t.array(t.string) })) }),
      t.partial({ expiresIn: t.string }),
    ]),
  }),
]);

export interface Webhook {
  id: string;
  url: string;
  events: ReadonlySet<NotificationKind> | 'all';
  launches: ReadonlySet<string> | 'all';
  secret: string | null;
  format: 'json' | 'slack';
}

export interface NotifyConfig {
  webhooks: Webhook[];
  publicUrl: string | null;
  retry: { initialMs: number; maxMs: number };
  timeoutMs: number;
  /** Who gets decision links, and for how long; null: notifications carry none. */
  links: { people: LinkPerson[]; expiresInMs: number } | null;
}

/** How many bytes a Standard Webhooks secret holds (the specification's bounds). */
const SECRET_BYTES = { min: 24, max: 64 };

/**
 * Whether a secret has the Standard Webhooks form, `whsec_` and the base64 of 24 to 64 bytes: the
 * form receivers' libraries take by default (`new Webhook(secret)` of `standardwebhooks`).
 */
export function standardSecret(secret: string): boolean {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret);
  if (!match || (match[1] as string).length % 4 !== 0) return false;
  const bytes = Buffer.from(match[1] as string, 'base64').length;
  return bytes >= SECRET_BYTES.min && bytes <= SECRET_BYTES.max;
}

/** Why a notification configuration is refused (no secret in it). */
export type NotifyConfigError =
  | SecretConfig.ConfigError<'Notify'>
  | { _tag: 'NotifyBadWebhook'; origin: string; index: number; message: string }
  | { _tag: 'NotifyBadLinks'; origin: string; message: string };

export function formatNotifyConfigError(error: NotifyConfigError): string {
  switch (error._tag) {
    case 'NotifyUnreadable':
    case 'NotifyNotJson':
    case 'NotifyInvalid':
      return SecretConfig.format(error, 'the notification configuration');
    case 'NotifyBadWebhook':
      return `${error.origin}: webhooks[${error.index}]: ${error.message}`;
    case 'NotifyBadLinks':
      return `${error.origin}: links: ${error.message}`;
  }
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * Reads a notification configuration from JSON text.
 *
 * @example
 * parseNotifyConfig('{"webhooks":[{"id":"chat","url":"https://hooks.example/x","format":"slack","events":["gate.waiting","alert.fired"]}]}')
 */
export function parseNotifyConfig(
  text: string,
  origin = 'notifications',
): E.Either<NotifyConfigError, NotifyConfig> {
  const decoded = SecretConfig.decodeJson(NotifyFile, text);
  if (E.isLeft(decoded)) return E.left(SecretConfig.errorOf('Notify', origin, decoded.left));
  const file = decoded.right;
  const seen = new Set<string>();
  const webhooks: Webhook[] = [];
  for (const [index, hook] of file.webhooks.entries()) {
    const bad = (message: string) =>
      E.left<NotifyConfigError>({ _tag: 'NotifyBadWebhook', origin, index, message });
    if (!ID.test(hook.id))
      return bad(
        `id ${JSON.stringify(hook.id)}: use 1 to 64 characters from A-Z a-z 0-9 _ . - (it names the webhook's delivery cursor)`,
      );
    if (seen.has(hook.id)) return bad(`id ${hook.id} is given twice`);
    seen.add(hook.id);
    if (!/^https?:\/\/[^\s]+$/.test(hook.url) || !URL.canParse(hook.url))
      return bad('url: expected an http:// or https:// URL');
    if (hook.secret !== undefined && !standardSecret(hook.secret))
      return bad(
        `secret: use the Standard Webhooks form whsec_<base64 of ${SECRET_BYTES.min} to ${SECRET_BYTES.max} random bytes>, e.g. the output of: node -e "console.log('whsec_' + require('crypto').randomBytes(32).toString('base64'))"`,
      );
    webhooks.push({
      id: hook.id,
      url: hook.url,
      events: !hook.events || hook.events.includes('*') ? 'all' : new Set(hook.events as NotificationKind[]),
      launches: hook.launches ? new Set(hook.launches) : 'all',
      secret: hook.secret ?? null,
      format: hook.format ?? 'json',
    });
  }
  const links = linksOf(file.links);
  if (typeof links === 'string') return E.left({ _tag: 'NotifyBadLinks', origin, message: links });
  if (links && file.publicUrl === undefined)
    return E.left({ _tag: 'NotifyBadLinks', origin, message: 'links need publicUrl: the address they open' });
  return E.right({
    webhooks,
    links,
    publicUrl: file.publicUrl?.replace(/\/+$/, '') ?? null,
    retry: {
      initialMs: Math.max(1, file.retry?.initialMs ?? 1000),
      maxMs: Math.max(1, file.retry?.maxMs ?? 300_000),
    },
    timeoutMs: Math.max(1, file.timeoutMs ?? 10_000),
  });
}

/** The decision links of the file, or why they are refused. */
function linksOf(
  links: t.TypeOf<typeof NotifyFile>['links'],
): { people: LinkPerson[]; expiresInMs: number } | null | string {
  if (links === undefined) return null;
  const expiresInMs = waitMs(links.expiresIn ?? '24h');
  if (expiresInMs === null)
    return `expiresIn ${JSON.stringify(links.expiresIn)}: use a length such as 30m, 24h or 7d`;
  const unnamed = links.people.findIndex((person) => person.id.trim() === '');
  if (unnamed >= 0) return `people[${unnamed}].id: give the person's actor id`;
  return { people: links.people, expiresInMs };
}

/** Reads the configuration file. */
export async function loadNotifyConfig(path: string): Promise<E.Either<NotifyConfigError, NotifyConfig>> {
  const text = await SecretConfig.readText(path);
  return E.isLeft(text)
    ? E.left(SecretConfig.errorOf('Notify', path, text.left))
    : parseNotifyConfig(text.right, path);
}
