/**
 * The JSON-lines format of the event log, shared by the file store (a stream file is these lines)
 * and the NATS store (a message holds the lines of one append). Two kinds of line, each ending in `\n`:
 *
 * - an event: the canonical JSON of its hashed fields with `,"hash":"<64 hex>"` added before the
 *   closing brace, so the hash covers the exact stored bytes of the line before it;
 * - a batch marker `{"batch":<count>,"from":<version>,"last":"<hash of the last event>"}` written
 *   before the events of a multi-event append, so a crash in the middle of one is recognised and
 *   the partial append dropped whole; its count and last hash are checked against the events, so
 *   the marker's bytes are covered too.
 *
 * Everything else is not a record of a launchplan log.
 */
import { sha256Hex, type SealedEvent } from '../../events/envelope.ts';

const HASH_PREFIX = ',"hash":"';
/** Length of `,"hash":"<64 hex>"}`. */
const HASH_SUFFIX_LENGTH = HASH_PREFIX.length + 64 + 2;
const BATCH = /^\{"batch":([1-9]\d{0,9}),"from":([1-9]\d{0,15}),"last":"([0-9a-f]{64})"\}$/;
/** A whole record followed by more bytes: what a crash (which leaves a prefix) cannot produce. */
const WHOLE_RECORD_THEN_MORE = /,"hash":"[0-9a-f]{64}"\}[\s\S]|,"last":"[0-9a-f]{64}"\}[\s\S]/;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;

/** Every event line starts with these bytes (`actor` is the first key in canonical order). */
export const EVENT_LINE_START = '{"actor":';
/** Every batch marker starts with these bytes. */
export const BATCH_LINE_START = '{"batch":';

const HASH_PREFIX_BYTES = Buffer.from(HASH_PREFIX, 'latin1');
const EVENT_START_BYTES = Buffer.from('{"actor":', 'latin1');
const BATCH_START_BYTES = Buffer.from('{"batch":', 'latin1');

const hasHashPrefixAt = (buf: Buffer, at: number): boolean => {
  for (let i = 0; i < HASH_PREFIX_BYTES.length; i++) if (buf[at + i] !== HASH_PREFIX_BYTES[i]) return false;
  return true;
};

/** Whether the line at `start` begins like an event or a batch marker. */
export const startsLikeRecord = (buf: Buffer, start: number, end: number): boolean => {
  if (end - start < EVENT_START_BYTES.length) return false;
  const prefix = buf[start + 2] === 0x61 ? EVENT_START_BYTES : BATCH_START_BYTES;
  for (let i = 0; i < prefix.length; i++) if (buf[start + i] !== prefix[i]) return false;
  return true;
};

/** Encode a sealed event as its line (with the newline). */
export const encodeEventLine = (sealed: SealedEvent): string =>
  `${sealed.body.slice(0, -1)}${HASH_PREFIX}${sealed.hash}"}\n`;

/** Encode a batch marker line (with the newline). */
export const encodeBatchLine = (count: number, from: number, lastHash: string): string =>
  `{"batch":${count},"from":${from},"last":"${lastHash}"}\n`;

/** One decoded line. */
export type ParsedLine =
  | {
      readonly kind: 'event';
      readonly record: unknown;
      readonly bytesHash: string;
      readonly storedHash: string;
    }
  | { readonly kind: 'batch'; readonly count: number; readonly from: number; readonly last: string }
  | { readonly kind: 'invalid'; readonly message: string };

/**
 * Decode the line `buf[start, end)` (without its newline): JSON-parse it and hash the bytes that
 * the stored hash covers. The record still has to be decoded as an envelope and chained.
 */
export const parseLine = (buf: Buffer, start: number, end: number): ParsedLine => {
  const length = end - start;
  if (length < HASH_SUFFIX_LENGTH + 2 || buf[start] !== OPEN_BRACE) {
    return parseBatchOrInvalid(buf.toString('utf8', start, end));
  }
  const prefixAt = end - HASH_SUFFIX_LENGTH;
  if (!hasHashPrefixAt(buf, prefixAt)) return parseBatchOrInvalid(buf.toString('utf8', start, end));
  const text = buf.toString('utf8', start, end);
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return { kind: 'invalid', message: 'line is not valid JSON' };
  }
  // The hashed body is the line up to the hash field, closed by '}': put the brace in place of the
  // comma for the moment of hashing, so the bytes are hashed where they lie, without a copy.
  buf[prefixAt] = CLOSE_BRACE;
  const bytesHash = sha256Hex(buf.subarray(start, prefixAt + 1));
  buf[prefixAt] = COMMA;
  const storedHash = buf.toString('latin1', prefixAt + HASH_PREFIX.length, end - 2);
  return { kind: 'event', record, bytesHash, storedHash };
};

const parseBatchOrInvalid = (text: string): ParsedLine => {
  const match = BATCH.exec(text);
  if (match?.[1] !== undefined && match[2] !== undefined && match[3] !== undefined) {
    const count = Number(match[1]);
    if (count >= 2) return { kind: 'batch', count, from: Number(match[2]), last: match[3] };
  }
  return { kind: 'invalid', message: 'line is neither an event nor a batch marker' };
};

/** Cheap classification used when skipping lines before a read range: no JSON parse, no hashing. */
export const peekLine = (
  buf: Buffer,
  start: number,
  end: number,
): { readonly kind: 'event'; readonly storedHash: string } | { readonly kind: 'other' } => {
  const prefixAt = end - HASH_SUFFIX_LENGTH;
  if (prefixAt > start && buf[start] === OPEN_BRACE && hasHashPrefixAt(buf, prefixAt)) {
    return { kind: 'event', storedHash: buf.toString('latin1', prefixAt + HASH_PREFIX.length, end - 2) };
  }
  return { kind: 'other' };
};

/**
 * Whether bytes left after the last newline can be the start of a record cut by a crash: a prefix
 * of an event or batch line, or zeros (a page the file system extended but never wrote).
 */
export const looksLikeTornRecord = (tail: Buffer): boolean => {
  if (tail.length === 0) return true;
  if (tail.every((byte) => byte === 0)) return true;
  const text = tail.toString('latin1');
  const head = text.slice(0, EVENT_LINE_START.length);
  const startsLikeRecord = EVENT_LINE_START.startsWith(head) || BATCH_LINE_START.startsWith(head);
  return startsLikeRecord && !WHOLE_RECORD_THEN_MORE.test(text);
};
