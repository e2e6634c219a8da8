/**
 * The machine config as plain JSON data: the compiler's output, fed to `createMachine`, printed
 * as a TypeScript literal, written as JSON and drawn as Mermaid. Guards and actions are named
 * and parameterised references; their implementations live in `guards.ts` and `actions.ts`.
 */
import type { LaunchContext } from './context.ts';

export interface NamedRef {
  type: string;
  params?: Record<string, string>;
}

export interface TransitionConfig {
  target?: string;
  guard?: NamedRef;
  actions?: NamedRef[];
  description?: string;
}

/** What the compiler records about a state, for lint, diagrams and checklists. */
export interface StateMeta {
  kind: 'launch' | 'progress' | 'phase' | 'step' | 'deliverables' | 'gate' | 'rollback' | 'rollback-step' | 'health' | 'end';
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
  entry?: NamedRef[];
  on?: Record<string, TransitionConfig | TransitionConfig[]>;
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

/** A phase or gate of `progress.running`: its state key, its plan id and its config. */
export interface RunningEntry {
  key: string;
  kind: 'phase' | 'gate';
  id: string;
  state: StateConfig;
}

/** The phases and gates of `progress.running`, in plan order. */
export function runningEntries(config: LaunchMachineConfig): RunningEntry[] {
  const running = config.states?.['progress']?.states?.['running']?.states ?? {};
  return Object.entries(running).flatMap(([key, state]) =>
    state.meta?.kind === 'phase' || state.meta?.kind === 'gate' ? [{ key, kind: state.meta.kind, id: state.meta.id ?? '', state }] : [],
  );
}
