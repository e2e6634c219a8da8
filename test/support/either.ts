/** The right side of an Either the test expects to succeed; a left fails the test, showing it. */
import * as E from 'fp-ts/lib/Either.js';

export function right<A>(either: E.Either<unknown, A>): A {
  if (E.isLeft(either)) throw new Error(`expected Right, got ${JSON.stringify(either.left)}`);
  return either.right;
}
