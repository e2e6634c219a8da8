/**
 * What the CLI says when a command fails with an error it did not turn into a `CliExit` itself:
 * a damaged log, a store it cannot reach, a path it cannot create, a port it cannot listen on.
 * These are ordinary situations, told in a line; anything else is a bug, reported as one.
 */
import { EventLogError } from '../store/EventStore.ts';
import { StoreError } from '../store/storeError.ts';
import { CliExit } from './io.ts';

/** What the failing command was working on, to name it in the message. */
export interface FailureContext {
  /** The --store URL of the command, when it has one. */
  store?: string;
}

/** Codes of a network peer that cannot be reached (refused, unknown host, timed out, gone). */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

interface SystemError extends Error {
  code: string;
  syscall?: string;
  path?: string;
  address?: string;
  port?: number;
}

/** The system error behind an error: itself or one of its causes (the NATS client wraps the socket's). */
function systemErrorOf(error: unknown): SystemError | undefined {
  let current = error;
  while (current instanceof Error) {
    const { code } = current as Partial<SystemError>;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return current as SystemError;
    current = current.cause;
  }
  return undefined;
}

/** The URL with its password masked: it has no place in an error message. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

function storeName(url: string): string {
  return url.startsWith('nats:') ? 'NATS' : 'PostgreSQL';
}

function describeSystemError(error: SystemError, context: FailureContext): string {
  if (UNREACHABLE.has(error.code) && context.store)
    return `cannot reach ${storeName(context.store)} at ${withoutPassword(context.store)}: ${error.code}`;
  if (error.syscall === 'listen') return `cannot listen on ${error.address}:${error.port}: ${error.code}`;
  if (error.path) {
    // Node's text is "EEXIST: file already exists, mkdir '/a/b'": keep the reason, name the path once.
    const reason = /^\w+: ([^,]+),/.exec(error.message)?.[1];
    return `cannot ${error.syscall ?? 'use'} ${error.path}: ${error.code}${reason ? ` (${reason})` : ''}`;
  }
  return error.message;
}

/**
 * The exit for an ordinary failure: a log that is not one or is damaged (exit 1, as `orExit`
 * gives for a launch error), or a system error from the disk or the network (exit 2, as for a
 * file that cannot be read or written). `undefined` for anything else: a bug.
 */
export function describeFailure(error: unknown, context: FailureContext = {}): CliExit | undefined {
  if (error instanceof EventLogError) return new CliExit(1, error.message);
  const system = systemErrorOf(error);
  if (system) return new CliExit(2, describeSystemError(system, context));
  // A bad stream id, or a store that cannot answer now: said in a line (the message names which).
  return error instanceof StoreError ? new CliExit(2, error.message) : undefined;
}

/** The last word on an error nobody expected. */
export function bugReport(error: unknown, version: string): string {
  const trace = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `launchplan: internal error, a bug in launchplan ${version} (not in your plan or log).\nPlease report it with the command you ran and this trace:\n${trace}`;
}
