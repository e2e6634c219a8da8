/**
 * Answers as data: every error the service can give has a kind, an HTTP status and a message,
 * made here from the runtime's, the body reader's and the authenticator's error values.
 */
import type { ServerResponse } from 'node:http';
import { formatLaunchError, type LaunchError } from '../launch/index.ts';
import type { StoreUnavailable } from '../store/storeError.ts';
import { formatAuthError, type AuthError } from './auth.ts';
import { formatBodyError, type BodyError } from './body.ts';
import { formatBoundedReadError, type BoundedReadError } from '../plan/bounded/readerPool.ts';

/** An error answer: `{ "error": { "kind", "message", … } }` with its status. */
export interface HttpError {
  status: number;
  kind: string;
  message: string;
  details?: unknown;
  headers?: Record<string, string>;
}

const LAUNCH_STATUS: Record<LaunchError['_tag'], number> = {
  InvalidEvent: 400,
  NotAllowed: 403,
  NotAcceptedInState: 409,
  VersionConflict: 409,
  PlanMismatch: 409,
  NoSuchLaunch: 404,
  LaunchExists: 409,
  NotALaunchLog: 422,
  InvalidStream: 400,
  ClockAhead: 422,
};

/**
 * The directories of the absolute file paths in a text (`/srv/launches/go.jsonl` → `go.jsonl`):
 * the store's and the runtime's messages name files for an operator at a shell, and a client has
 * no use for where the server keeps them.
 */
const SERVER_DIRECTORY = /(?<![\w.~:/-])\/(?:[^\s/()"'`,;]+\/)+(?=[^\s/()"'`,;])/g;

/**
 * A message without the directories of the server's files in it.
 *
 * @example
 * withoutServerPaths('stream go is corrupt at version 3 (/srv/lp/go.jsonl)') // 'stream go is corrupt at version 3 (go.jsonl)'
 */
export const withoutServerPaths = (text: string): string => text.replace(SERVER_DIRECTORY, '');

/** The answer for a plan the service would not read: 413 past the size limit, 422 past the others. */
export function fromBoundedReadError(error: BoundedReadError): HttpError {
  return {
    status: error._tag === 'PlanTooLarge' ? 413 : 422,
    kind: error._tag,
    message: formatBoundedReadError(error),
  };
}

/**
 * The answer for a refused launch operation.
 *
 * @example
 * fromLaunchError({ _tag: 'NoSuchLaunch', stream: 'x' }) // { status: 404, kind: 'NoSuchLaunch', message: 'no launch in stream "x"…' }
 */
export function fromLaunchError(error: LaunchError): HttpError {
  const details =
    error._tag === 'InvalidEvent'
      ? { errors: error.errors }
      : error._tag === 'NotAcceptedInState'
        ? { state: error.state, explanation: error.explanation }
        : error._tag === 'VersionConflict'
          ? { expected: error.expected, actual: error.actual }
          : undefined;
  return {
    status: LAUNCH_STATUS[error._tag],
    kind: error._tag,
    message: withoutServerPaths(formatLaunchError(error)),
    ...(details ? { details } : {}),
  };
}

/** The answer for a missing, unknown or insufficient token. */
export function fromAuthError(error: AuthError): HttpError {
  return error._tag === 'Forbidden'
    ? { status: 403, kind: 'Forbidden', message: formatAuthError(error) }
    : {
        status: 401,
        kind: error._tag,
        message: formatAuthError(error),
        headers: { 'www-authenticate': 'Bearer realm="launchplan"' },
      };
}

/** The answer for a body that is too large or not readable. */
export function fromBodyError(error: BodyError): HttpError {
  return {
    status: error._tag === 'TooLarge' ? 413 : 400,
    kind: error._tag === 'TooLarge' ? 'PayloadTooLarge' : 'MalformedBody',
    message: formatBodyError(error),
  };
}

/** The answer while the store cannot be reached: 503, and when to try again. */
export function fromStoreUnavailable(unavailable: StoreUnavailable): HttpError {
  return {
    status: 503,
    kind: 'StoreUnavailable',
    message: unavailable.message,
    headers: { 'retry-after': String(Math.max(1, Math.ceil(unavailable.retryAfterMs / 1000))) },
  };
}

/** A 400 answer with a reason. */
export const badRequest = (message: string, details?: unknown): HttpError => ({
  status: 400,
  kind: 'BadRequest',
  message,
  ...(details !== undefined ? { details } : {}),
});

/** Writes a JSON answer (unless the response has already started). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** Writes an error answer. */
export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(
    res,
    error.status,
    {
      error: {
        kind: error.kind,
        message: error.message,
        ...(error.details !== undefined ? { details: error.details } : {}),
      },
    },
    error.headers,
  );
}

/** Writes a text answer (HTML, Markdown). */
export function sendText(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Uint8Array,
): void {
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength,
    'cache-control': 'no-store',
  });
  res.end(body);
}
