/**
 * Stream ids name files, table rows and NATS subjects, so one rule, checked once here, keeps them
 * valid for every store: safe characters only, and dots only between non-empty parts (a NATS
 * subject has no empty token: `a.`, `a..b` and `.a` are not subjects).
 */
import * as E from 'fp-ts/lib/Either.js';

const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$/;
const MAX_LENGTH = 128;

/** A stream id that is not made of safe characters. */
export interface InvalidStreamId {
  readonly _tag: 'InvalidStreamId';
  readonly stream: string;
  readonly message: string;
}

/**
 * Validate a stream id: 1 to 128 characters from `A-Z a-z 0-9 _ - .`, starting with a letter or
 * digit, with no empty part between dots (so it is a safe file name, SQL value and NATS subject
 * on every platform).
 *
 * @example
 * validateStreamId('launch-2025.03') // Right('launch-2025.03')
 * validateStreamId('../etc/passwd')  // Left({ _tag: 'InvalidStreamId', ... })
 * validateStreamId('a..b')           // Left: an empty part between dots
 */
export const validateStreamId = (stream: string): E.Either<InvalidStreamId, string> =>
  typeof stream === 'string' && stream.length <= MAX_LENGTH && STREAM_ID.test(stream)
    ? E.right(stream)
    : E.left({
        _tag: 'InvalidStreamId',
        stream: String(stream),
        message:
          `stream id ${JSON.stringify(String(stream))} is not valid: use 1 to ${MAX_LENGTH} characters from ` +
          'A-Z a-z 0-9 _ - and dots between non-empty parts, starting with a letter or digit',
      });

/**
 * Run `f` for a valid stream id, or return the id's `InvalidStreamId`: the shape of every store
 * method that answers with an `Either`.
 */
export const withValidStream = async <A>(
  stream: string,
  f: () => A | Promise<A>,
): Promise<E.Either<InvalidStreamId, A>> => {
  const valid = validateStreamId(stream);
  return E.isLeft(valid) ? valid : E.right(await f());
};
