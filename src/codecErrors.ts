/**
 * io-ts decode failures as data (`{ path, message }`) and as text, so every layer (CLI, HTTP,
 * embedding API) reports bad input the same way: the field's path and what was expected.
 */
import type * as t from 'io-ts';

export interface PathError {
  /** Dotted path to the bad field, such as `phases.0.steps.2.items.1.done`. */
  path: string;
  message: string;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  if (text !== undefined) return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  // What JSON cannot write: a function or a symbol, or an object whose toJSON gives nothing.
  return typeof value === 'function' || typeof value === 'symbol' ? String(value) : typeof value;
}

const MEMBER_TAGS = new Set(['UnionType', 'IntersectionType']);
/**
 * Codecs that wrap another without adding a key: `t.exact(t.intersection(…))` is still an
 * intersection, and so is a `t.recursion` of one (plan items and rollback steps).
 */
const WRAPPER_TAGS = new Set(['ExactType', 'ReadonlyType', 'RefinementType', 'RecursiveType']);

/** Whether the entries under a codec name its members ("0", "1") rather than fields. */
function namesMembers(type: unknown): boolean {
  let current = type as { _tag?: string; type?: unknown } | undefined;
  while (current && WRAPPER_TAGS.has(current._tag ?? '')) current = current.type as typeof current;
  return MEMBER_TAGS.has(current?._tag ?? '');
}

/** Converts io-ts errors to path errors, keeping the deepest (most specific) one per path. */
export function toPathErrors(errors: t.Errors): PathError[] {
  const byPath = new Map<string, PathError>();
  for (const error of errors) {
    // Entries under a union or an intersection name the member tried ("0", "1"), not a field.
    const keys = error.context
      .filter((entry, index) => entry.key !== '' && !namesMembers(error.context[index - 1]?.type))
      .map((entry) => entry.key);
    const path = keys.join('.') || '(root)';
    const expected = error.context.at(-1)?.type.name ?? 'a valid value';
    const message = error.message ?? `expected ${expected}, got ${describe(error.value)}`;
    if (!byPath.has(path)) byPath.set(path, { path, message });
  }
  return [...byPath.values()];
}

/**
 * The errors as text, `path: message` each, one per line by default (or joined by `separator`,
 * each line after `indent`): every layer formats field errors with this.
 */
export function formatPathErrors(errors: readonly PathError[], separator = '\n', indent = ''): string {
  return errors.map((error) => `${indent}${error.path}: ${error.message}`).join(separator);
}

/**
 * The first `max` field errors without the values that were given (a path error's message says
 * what it got): for configurations that hold secrets, whose errors are printed and logged.
 */
export function redactedPathErrors(errors: t.Errors, max = 3): { path: string; expected: string }[] {
  return toPathErrors(errors)
    .slice(0, max)
    .map((error) => ({
      path: error.path,
      expected: /^expected (.*?), got /.exec(error.message)?.[1] ?? 'a valid value',
    }));
}
