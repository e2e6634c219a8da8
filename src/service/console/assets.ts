/**
 * The console's script, style sheet and icon, served from the package's `assets/` folder (shipped in
 * the tarball: package.json `files`). Served as files rather than inline so the page's
 * Content-Security-Policy can forbid inline script and style. Found relative to this module,
 * which sits at the same depth in `src/` and in `dist/`; read once, then kept.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as E from 'fp-ts/lib/Either.js';
import type { HttpError } from '../reply.ts';
import type { PageAnswer } from './pages.ts';

const FOLDER = new URL('../../../assets/', import.meta.url);

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

/** The files there are: a name outside this list is a 404, whatever the folder holds. */
export const ASSET_NAMES = ['console.js', 'console.css', 'favicon.svg'] as const;

const cache = new Map<string, Promise<PageAnswer>>();

const load = async (name: string): Promise<PageAnswer> => {
  const body = await readFile(new URL(name, FOLDER), 'utf8');
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return {
    _tag: 'Page',
    status: 200,
    headers: {
      'content-type': TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream',
      etag,
      'cache-control': 'no-cache',
    },
    body,
  };
};

/**
 * `GET /assets/:name`: a file of the console, 304 when the browser has it already.
 *
 * @example
 * await asset('console.js', undefined) // Right({ status: 200, headers: { 'content-type': 'text/javascript; …', etag }, body })
 */
export async function asset(
  name: string,
  ifNoneMatch: string | undefined,
): Promise<E.Either<HttpError, PageAnswer>> {
  if (!(ASSET_NAMES as readonly string[]).includes(name))
    return E.left({ status: 404, kind: 'NotFound', message: `no asset ${name}` });
  let loading = cache.get(name);
  if (!loading) {
    loading = load(name);
    cache.set(name, loading);
    // A failed read (a broken install) is not kept: the next request tries again.
    loading.catch(() => cache.delete(name));
  }
  const answer = await loading;
  return E.right(ifNoneMatch === answer.headers['etag'] ? { ...answer, status: 304, body: '' } : answer);
}
