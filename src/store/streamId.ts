/**
 * Stream ids name files, table rows and NATS subjects, so they are restricted to safe characters.
 */
import * as E from 'fp-ts/lib/Either.js';

const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** A stream id that is not made of safe characters. */
export interface InvalidStreamId {
  readonly _tag: 'InvalidStreamId';
  readonly stream: string;
  readonly message: string;
}

/**
 * Validate a stream id: 1 to 128 characters from `A-Z a-z 0-9 _ . -`, starting with a letter or
 * digit (so it is a safe file name, SQL value and NATS subject token on every platform).
 *
 * @example
 * validateStreamId('launch-2025.03') // Right('launch-2025.03')
 * validateStreamId('../etc/passwd')  // Left({ _tag: 'InvalidStreamId', ... })
 */
export const validateStreamId = (stream: string): E.Either<InvalidStreamId, string> =>
  typeof stream === 'string' && STREAM_ID.test(stream)
    ? E.right(stream)
    : E.left({
        _tag: 'InvalidStreamId',
        stream: String(stream),
        message:
          `stream id ${JSON.stringify(String(stream))} is not valid: use 1 to 128 characters from ` +
          'A-Z a-z 0-9 _ . - starting with a letter or digit',
      });
