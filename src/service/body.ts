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
  try {
    return E.right(JSON.parse(text) as unknown);
  } catch (error) {
    return E.left({ _tag: 'Malformed', message: `the body is not valid JSON: ${(error as Error).message}` });
  }
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
