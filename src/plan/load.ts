/**
 * Loading a plan file: Markdown is read by the reader (with a sidecar `<name>.launchplan.yaml`
 * of overrides when one sits next to it); JSON and YAML plans are validated by the codecs.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { parse as parseYaml } from 'yaml';
import { formatPathErrors, type PathError } from '../codecErrors.ts';
import type { Decision } from './markdown/collect.ts';
import { formatBoundedReadError, type BoundedReadError, type BoundedReader } from './bounded/readerPool.ts';
import { readPlanDocument } from './markdown/readPlan.ts';
import type { Plan } from './model.ts';
import { readOverrides, type ReadOverrides } from './overrides.ts';
import { countItemsWithCheckbox } from './query.ts';
import { slug } from './text.ts';
import { validatePlan } from './validate.ts';

export type PlanFormat = 'markdown' | 'json' | 'yaml';

export interface LoadedPlan {
  plan: Plan;
  format: PlanFormat;
  path: string;
  /** The file's bytes, for renderers that rewrite the source. */
  source: Buffer;
  tasks: { checkboxes: number; checked: number };
  /** Why each section and table was read as it was (Markdown only; empty for JSON and YAML). */
  decisions: Decision[];
}

export type LoadError =
  | { _tag: 'Unreadable'; path: string; message: string }
  | { _tag: 'InvalidPlan'; path: string; errors: PathError[] }
  | { _tag: 'PlanRefused'; path: string; error: BoundedReadError };

export interface LoadOptions {
  /** Read a Markdown plan in this pool, within its limits (the CLI does); default: in this thread, without limits. */
  reader?: BoundedReader;
}

export function formatOf(path: string): PlanFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.yaml' || extension === '.yml') return 'yaml';
  return 'markdown';
}

/** The sidecar overrides file for a Markdown plan: `plan.md` → `plan.launchplan.yaml`. */
export function sidecarPath(path: string): string {
  return join(dirname(path), `${basename(path, extname(path))}.launchplan.yaml`);
}

/** Loads and reads or validates a plan file. Never throws for bad input: errors are values. */
export async function loadPlanFile(
  path: string,
  options: LoadOptions = {},
): Promise<E.Either<LoadError, LoadedPlan>> {
  let source: Buffer;
  try {
    source = await readFile(path);
  } catch (error) {
    return E.left({ _tag: 'Unreadable', path, message: (error as Error).message });
  }
  if (options.reader && source.length > options.reader.limits.maxBytes)
    return E.left({
      _tag: 'PlanRefused',
      path,
      error: { _tag: 'PlanTooLarge', bytes: source.length, limit: options.reader.limits.maxBytes },
    });
  const format = formatOf(path);
  if (format === 'markdown') {
    const { overrides, diagnostics } = await loadSidecar(path);
    const readOptions = { defaultId: slug(basename(path, extname(path))), overrides, diagnostics };
    const read = options.reader
      ? await options.reader.read(source, readOptions)
      : E.right(readPlanDocument(source, readOptions));
    if (E.isLeft(read)) return E.left({ _tag: 'PlanRefused', path, error: read.left });
    const { plan, tasks, decisions } = read.right;
    return E.right({ plan, format, path, source, tasks, decisions });
  }
  let data: unknown;
  try {
    data = format === 'json' ? JSON.parse(source.toString('utf8')) : parseYaml(source.toString('utf8'));
  } catch (error) {
    return E.left({
      _tag: 'InvalidPlan',
      path,
      errors: [
        {
          path: '(file)',
          message: `not valid ${format.toUpperCase()}: ${(error as Error).message.split('\n')[0]}`,
        },
      ],
    });
  }
  const validated = validatePlan(data);
  if (E.isLeft(validated)) return E.left({ _tag: 'InvalidPlan', path, errors: validated.left.errors });
  return E.right({
    plan: validated.right,
    format,
    path,
    source,
    tasks: countItemsWithCheckbox(validated.right),
    decisions: [],
  });
}

/** The sidecar's overrides; a bad sidecar is reported and ignored, like bad front matter. */
async function loadSidecar(path: string): Promise<ReadOverrides> {
  const sidecar = sidecarPath(path);
  let text: string;
  try {
    text = await readFile(sidecar, 'utf8');
  } catch {
    return { overrides: {}, diagnostics: [] };
  }
  // Without its folder: the diagnostic is part of the plan's hash, which must not depend on the folder.
  const name = basename(sidecar);
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    // The YAML parser's first line names the line and column of the problem.
    const reason = (error as Error).message.split('\n')[0]?.replace(/:$/, '');
    return {
      overrides: {},
      diagnostics: [
        {
          code: 'bad-overrides',
          severity: 'warning',
          message: `${name} is not valid YAML and was ignored: ${reason}`,
          line: 1,
        },
      ],
    };
  }
  return readOverrides(data, name);
}

/** One readable message for a load error. */
export function formatLoadError(error: LoadError): string {
  switch (error._tag) {
    case 'Unreadable':
      return `${error.path}: cannot read the file (${error.message})`;
    case 'InvalidPlan':
      return `${error.path}: not a valid plan\n${formatPathErrors(error.errors, '\n', '  ')}`;
    case 'PlanRefused':
      return `${error.path}: not read: ${formatBoundedReadError(error.error)}`;
  }
}
