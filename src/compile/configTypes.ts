/**
 * The machine config as plain JSON data: the compiler's output, fed to `createMachine`, printed
 * as a TypeScript literal, written as JSON and drawn as Mermaid. Guards and actions are named
 * and parameterised references; their implementations live in `guards.ts` and `actions.ts`.
 */
import type { LaunchEventType } from '../events/vocabulary.ts';
import type { ActionRef } from './actions.ts';
import type { LaunchContext } from './context.ts';
import type { GuardRef } from './guards.ts';

export type { ActionRef } from './actions.ts';
export type { GuardRef } from './guards.ts';

/**
 * A guard or action as the config refers to it: its name, and its params when it takes some
 * (`ParamsByName` gives each name's params, `undefined` for none).
 */
export type NamedRef<ParamsByName> = {
  [K in keyof ParamsByName]: ParamsByName[K] extends undefined
    ? { type: K; params?: undefined }
    : { type: K; params: ParamsByName[K] };
}[keyof ParamsByName];

export interface TransitionConfig {
  target?: string;
  guard?: GuardRef;
  actions?: ActionRef[];
  description?: string;
}

/** What the compiler records about a state, for lint, diagrams and checklists. */
export interface StateMeta {
  kind:
    | 'launch'
    | 'progress'
    | 'phase'
    | 'step'
    | 'deliverables'
    | 'gate'
    | 'rollback'
    | 'rollback-step'
    | 'health'
    | 'end';
  /** The plan id of the phase, step, gate or rollback step. */
  id?: string;
  /** 1-based Markdown line (0 when there is none). */
  line?: number;
  continuous?: boolean;
  owners?: string[];
}

export interface StateConfig {
  type?: 'parallel' | 'final' | 'history';
  history?: 'deep' | 'shallow';
  initial?: string;
  description?: string;
  meta?: StateMeta;
  entry?: ActionRef[];
  on?: { [K in LaunchEventType]?: TransitionConfig | TransitionConfig[] };
  always?: TransitionConfig | TransitionConfig[];
  onDone?: TransitionConfig;
  states?: Record<string, StateConfig>;
}

export interface LaunchMachineConfig extends StateConfig {
  id: string;
  context: LaunchContext;
}

/** The transitions of one event or of `always`, as a list. */
export function transitionList(value: TransitionConfig | TransitionConfig[] | undefined): TransitionConfig[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
