/**
 * Reading request bodies with a size limit: a declared `Content-Length` above the limit is refused
 * before reading, and a body that grows past it while streaming is cut off. Parse failures are
 * values the handler answers with 400.
 */
import type { IncomingMessage } from 'node:http';
import * as E from 'fp-ts/lib/Either.js';

/** Why a body could not be used. */
export type BodyError =
  | { _tag: 'TooLarge'; limit: number }
  | { _tag: 'Malformed'; message: string }
  | { _tag: 'Aborted'; message: string };

/**
 * Reads the whole body of a request, up to `limit` bytes.
 *
 * @example
 * const body = await readBody(req, 64 * 1024);
 * if (E.isLeft(body)) return answer(res, body.left._tag === 'TooLarge' ? 413 : 400, …);
 */
export function readBody(req: IncomingMessage, limit: number): Promise<E.Either<BodyError, Buffer>> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve(E.left({ _tag: 'TooLarge', limit }));
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: E.Either<BodyError, Buffer>): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        settle(E.left({ _tag: 'TooLarge', limit }));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => settle(E.right(Buffer.concat(chunks))));
    req.on('error', (error) => settle(E.left({ _tag: 'Aborted', message: error.message })));
    req.on('close', () => settle(E.left({ _tag: 'Aborted', message: 'the client closed the connection' })));
  });
}

/**
 * Parses a JSON body (UTF-8).
 *
 * @example
 * parseJson(Buffer.from('{"type":"item.checked"}')) // Right({ type: 'item.checked' })
 */
export function parseJson(body: Buffer): E.Either<BodyError, unknown> {
  const text = body.toString('utf8');
  if (text.trim() === '') return E.left({ _tag: 'Malformed', message: 'the body is empty: expected JSON' });
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    return E.left({ _tag: 'Malformed', message: `the body is not valid JSON: ${(error as Error).message}` });
  }
  return depthOf(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH
    ? E.left({ _tag: 'Malformed', message: `the body nests JSON deeper than ${MAX_JSON_DEPTH} levels` })
    : E.right(value);
}

/** Deepest nesting a request body may have: events are a few levels deep, plans about a dozen. */
export const MAX_JSON_DEPTH = 64;

/** Nesting depth of a JSON value (a scalar is 0), counted no further than `limit + 1`. */
function depthOf(value: unknown, limit: number): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (limit < 0) return 1;
  let deepest = 0;
  for (const member of Object.values(value)) deepest = Math.max(deepest, depthOf(member, limit - 1));
  return deepest + 1;
}

/** The text of a body error. */
export function formatBodyError(error: BodyError): string {
  switch (error._tag) {
    case 'TooLarge':
      return `the body is larger than ${error.limit} bytes`;
    case 'Malformed':
    case 'Aborted':
      return error.message;
  }
}
