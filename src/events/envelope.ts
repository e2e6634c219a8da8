/**
 * The event envelope: what every store writes and reads, and the SHA-256 hash chain over it.
 *
 * `hash = sha256(canonicalJson({ stream, version, eventId, type, data, at, actor, planHash, prevHash }))`
 * and `prevHash` of version 1 is {@link GENESIS_HASH}, so every stored byte of every event is
 * covered and an edit anywhere breaks the chain at the first edited version.
 */
import * as crypto from 'node:crypto';
import * as t from 'io-ts';
import { canonicalJson } from './canonicalJson.ts';
import { parseIsoTime } from './isoTime.ts';

/** The `prevHash` of version 1 of every stream: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * A brand of `codec` named `name`: its values that `test` accepts. (io-ts's `t.brand`, with the
 * brand's type written once here rather than as an interface beside each codec.)
 */
const branded = <A, O, N extends string>(codec: t.Type<A, O>, name: N, test: (value: A) => boolean) =>
  t.brand(codec, (value): value is t.Branded<A, { readonly [K in N]: symbol }> => test(value), name);

/** An ISO-8601 date-time string with a time zone (`2025-03-01T09:30:00.000Z`). */
export const IsoDateTime = branded(
  t.string,
  'IsoDateTime',
  (s) => s.includes('T') && parseIsoTime(s) !== null,
);
export type IsoDateTime = t.TypeOf<typeof IsoDateTime>;

/** A lower-case hexadecimal SHA-256 digest. */
export const Sha256Hex = branded(t.string, 'Sha256Hex', (s) => SHA256_HEX.test(s));
export type Sha256Hex = t.TypeOf<typeof Sha256Hex>;

/** A stream version: an integer from 1. */
export const PositiveVersion = branded(t.number, 'PositiveVersion', (n) => Number.isSafeInteger(n) && n >= 1);

/** Who caused an event: an id and the roles they acted under. */
export const Actor = t.type({ id: t.string, roles: t.array(t.string) }, 'Actor');
export type Actor = t.TypeOf<typeof Actor>;

/** The fields of a new event, which a stored one keeps between its position and its hashes. */
const newEventFields = {
  eventId: t.string,
  type: t.string,
  data: t.unknown,
  at: t.string.pipe(IsoDateTime),
  actor: Actor,
  planHash: t.string,
};

/** What a caller appends: the store adds `stream`, `version`, `prevHash` and `hash`. */
export const NewEvent = t.type(newEventFields, 'NewEvent');
export interface NewEvent {
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly at: string;
  readonly actor: Actor;
  readonly planHash: string;
}

/** A stored event as every store returns it. */
export const EventEnvelope = t.type(
  {
    stream: t.string,
    version: PositiveVersion,
    ...newEventFields,
    prevHash: Sha256Hex,
    hash: Sha256Hex,
  },
  'EventEnvelope',
);
export interface EventEnvelope extends NewEvent {
  readonly stream: string;
  readonly version: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** The fields the hash covers, in the shape that is hashed. */
export interface HashedFields extends NewEvent {
  readonly stream: string;
  readonly version: number;
  readonly prevHash: string;
}

/**
 * The part of the hashed body that does not depend on where the event lands (everything before
 * `prevHash` in canonical key order, and the encoded type). Computing it when an append arrives,
 * outside any lock, leaves only a few concatenations and a hash for the moment of sealing.
 */
export interface PreparedEvent {
  readonly event: NewEvent;
  /** `{"actor":…,"at":…,"data":…,"eventId":…,"planHash":…,` */
  readonly head: string;
  /** `,"type":…,"version":` */
  readonly typePart: string;
}

/** Prepare a new event for sealing (canonical encoding of its own fields). */
export const prepareEvent = (event: NewEvent): PreparedEvent => {
  const data = event.data === undefined ? '' : `"data":${canonicalJson(event.data)},`;
  return {
    event,
    head:
      `{"actor":{"id":${JSON.stringify(event.actor.id)},"roles":${rolesJson(event.actor.roles)}},` +
      `"at":${JSON.stringify(event.at)},${data}"eventId":${JSON.stringify(event.eventId)},` +
      `"planHash":${JSON.stringify(event.planHash)},`,
    typePart: `,"type":${JSON.stringify(event.type)},"version":`,
  };
};

/** Roles are strings, whose canonical JSON is their JSON; anything else takes the general path. */
const rolesJson = (roles: readonly string[]): string =>
  roles.every((role) => typeof role === 'string') ? JSON.stringify(roles) : canonicalJson(roles);

const bodyOf = (prepared: PreparedEvent, stream: string, version: number, prevHash: string): string => {
  if (!Number.isSafeInteger(version))
    throw new TypeError(`hashedBody: version ${version} is not a safe integer`);
  return `${prepared.head}"prevHash":${JSON.stringify(prevHash)},"stream":${JSON.stringify(stream)}${prepared.typePart}${version}}`;
};

/**
 * The canonical JSON of the hashed fields of an event: the exact bytes that are hashed. Written
 * out key by key in canonical (sorted) order, which is what `canonicalJson` of the same object
 * gives, without sorting the fixed keys on every event. Only `actor.id` and `actor.roles` are
 * part of the actor.
 */
export const hashedBody = (fields: HashedFields): string =>
  bodyOf(prepareEvent(fields), fields.stream, fields.version, fields.prevHash);

/** SHA-256 of a string (UTF-8) or bytes, lower-case hex (one-shot `crypto.hash` where Node has it). */
export const sha256Hex: (data: string | Buffer) => string =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha256', data, 'hex')
    : (data) => crypto.createHash('sha256').update(data).digest('hex');

/** Compute the chain hash of an event from its hashed fields. */
export const computeHash = (fields: HashedFields): string => sha256Hex(hashedBody(fields));

/** A new event sealed at a position: the exact canonical bytes that were hashed, and the hash. */
export interface SealedEvent {
  readonly stream: string;
  readonly version: number;
  readonly eventId: string;
  /** Canonical JSON of the hashed fields. */
  readonly body: string;
  readonly hash: string;
}

/**
 * Seal a new event at a position of a stream: assign version and previous hash, compute the hash
 * over the canonical body. Stores that keep bytes (file, NATS) write `body` as is.
 *
 * @example
 * const e1 = sealEvent('launch-1', 1, GENESIS_HASH, newEvent);
 * const e2 = sealEvent('launch-1', 2, e1.hash, nextEvent);
 */
export const sealEvent = (
  stream: string,
  version: number,
  prevHash: string,
  event: NewEvent | PreparedEvent,
): SealedEvent => {
  const prepared = 'head' in event && 'typePart' in event ? event : prepareEvent(event);
  const body = bodyOf(prepared, stream, version, prevHash);
  return { stream, version, eventId: prepared.event.eventId, body, hash: sha256Hex(body) };
};

/**
 * The envelope of a sealed event, decoded from the hashed bytes: a fresh copy holding exactly what
 * was hashed (no shared references, `Date`s already strings).
 */
export const envelopeOf = (sealed: SealedEvent): EventEnvelope => ({
  ...(JSON.parse(sealed.body) as EventEnvelope),
  hash: sealed.hash,
});
