/**
 * Configuration that holds secrets (tokens, webhook secrets), read and decoded without ever
 * repeating its text: a JSON parser's message quotes the text around the error and a decoder's
 * the value it got, either of which could print a secret. So a problem keeps only a file's error
 * code, the fact that the text is not JSON, or the paths of bad fields and what they expected.
 * Imported as a namespace: `import * as SecretConfig from './secretConfig.ts'`.
 */
import { readFile } from 'node:fs/promises';
import type * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import { redactedPathErrors } from '../codecErrors.ts';

/** Why a secret-bearing configuration was not read. */
export type Problem =
  | { readonly problem: 'Unreadable'; readonly code: string }
  | { readonly problem: 'NotJson' }
  | { readonly problem: 'Invalid'; readonly fields: { path: string; expected: string }[] };

/** A problem as a configuration's own error, its tag under the configuration's prefix (`TokensNotJson`). */
export type ConfigError<P extends string> =
  | { _tag: `${P}Unreadable`; origin: string; code: string }
  | { _tag: `${P}NotJson`; origin: string }
  | { _tag: `${P}Invalid`; origin: string; fields: { path: string; expected: string }[] };

/** The error of configuration `prefix` read from `origin` for a problem. */
export function errorOf<P extends string>(prefix: P, origin: string, problem: Problem): ConfigError<P> {
  switch (problem.problem) {
    case 'Unreadable':
      return { _tag: `${prefix}Unreadable` as const, origin, code: problem.code };
    case 'NotJson':
      return { _tag: `${prefix}NotJson` as const, origin };
    case 'Invalid':
      return { _tag: `${prefix}Invalid` as const, origin, fields: problem.fields };
  }
}

/** The text of such an error (no secret in it); `file` names what was not read ("the token file"). */
export function format(error: ConfigError<string>, file: string): string {
  if ('code' in error) return `${error.origin}: cannot read ${file} (${error.code})`;
  if ('fields' in error)
    return `${error.origin}: ${error.fields.map((field) => `${field.path}: expected ${field.expected}`).join('; ')}`;
  return `${error.origin}: not valid JSON`;
}

/**
 * The text of a configuration as `codec` reads it.
 *
 * @example
 * SecretConfig.decodeJson(TokenFile, '{"tokens":[') // Left({ problem: 'NotJson' })
 */
export function decodeJson<A>(codec: t.Decoder<unknown, A>, text: string): E.Either<Problem, A> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return E.left({ problem: 'NotJson' });
  }
  const decoded = codec.decode(data);
  return E.isLeft(decoded)
    ? E.left({ problem: 'Invalid', fields: redactedPathErrors(decoded.left) })
    : decoded;
}

/** The text of a configuration file, or the code of the error that kept it from being read. */
export async function readText(path: string): Promise<E.Either<Problem, string>> {
  try {
    return E.right(await readFile(path, 'utf8'));
  } catch (error) {
    return E.left({ problem: 'Unreadable', code: (error as NodeJS.ErrnoException).code ?? 'EIO' });
  }
}
