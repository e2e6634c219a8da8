/**
 * The transitions a generated test suite must cover, listed from the compiled config (not from
 * `toDirectedGraph`, which leaves out eventless transitions), and the mapping from the
 * transitions XState reports taking (`@xstate.microstep` inspection events) back to them.
 *
 * A **transition** is one entry of a state's `on[event]`, `always` or `onDone` list in the
 * config: (source state path, trigger, index in the list). The trigger is an event type,
 * `always` (eventless) or `done` (the state's `onDone`). Guarded branches of one event are
 * separate transitions (`gate.decided#0` is "go", `gate.decided#1` is "no-go"); a transition
 * without target (actions only, e.g. an item check) is a transition too. The transition into
 * `running.hist` (`launch.resumed`) is the history transition.
 */
import type { AnyTransitionDefinition } from 'xstate';
import { configGraph, pathText } from '../compile/graph.ts';
import type { LaunchMachineConfig } from '../compile/configTypes.ts';

/** One declared transition of a compiled chart. */
export interface ChartTransition {
  /** `<source path>:<trigger>#<index>`, e.g. `progress.running.gate/go.:gate.decided#0`. */
  id: string;
  /** Dotted path of the declaring state (`(root)` for the machine itself). */
  source: string;
  /** Event type, `always` or `done`. */
  trigger: string;
  /** Position in the state's list for that trigger. */
  index: number;
  /** Dotted path of the target, or null for a transition without target. */
  target: string | null;
  /** Guard name, when there is one. */
  guard: string | null;
  /** Whether the target is a history state. */
  history: boolean;
}

/** Id of a transition from its parts. */
export function transitionId(source: string, trigger: string, index: number): string {
  return `${source}:${trigger}#${index}`;
}

/**
 * Every transition declared in a compiled config, eventless and `onDone` ones included, in
 * document order.
 *
 * @example
 * const transitions = listTransitions(compilePlan(plan));
 * transitions.filter((t) => t.trigger === 'always').length // eventless transitions
 */
export function listTransitions(config: LaunchMachineConfig): ChartTransition[] {
  const graph = configGraph(config);
  const counters = new Map<string, number>();
  return graph.edges.map((edge) => {
    const source = pathText(edge.from.path);
    const slot = `${source}:${edge.event}`;
    const index = counters.get(slot) ?? 0;
    counters.set(slot, index + 1);
    return {
      id: transitionId(source, edge.event, index),
      source,
      trigger: edge.event,
      index,
      target: edge.to ? pathText(edge.to.path) : null,
      guard: edge.guard?.type ?? null,
      history: edge.to?.config.type === 'history',
    };
  });
}

/**
 * The id of a transition XState took, as reported in an `@xstate.microstep` inspection event:
 * its source node, its trigger (event type, `always` for eventless, `done` for `onDone`) and its
 * position among the source node's transitions for that trigger.
 *
 * @example
 * createActor(machine, { inspect: (e) => { if (e.type === '@xstate.microstep') e._transitions.map(takenTransitionId) } })
 */
export function takenTransitionId(definition: AnyTransitionDefinition): string {
  const source = definition.source;
  const path = pathText(source.path);
  // An event type, or '' for an eventless transition (typed `any` on any machine).
  const type = definition.eventType as string;
  if (type === '') return transitionId(path, 'always', Math.max(0, source.always?.indexOf(definition) ?? 0));
  const list = source.transitions.get(type) ?? [];
  const trigger = type.startsWith('xstate.done.state.') ? 'done' : type;
  return transitionId(path, trigger, Math.max(0, list.indexOf(definition)));
}
