/**
 * The compiled config as a graph: every state node with its path, and every transition with
 * its resolved target. Used by lint, the Mermaid export and the reachability tests; it reads the
 * config (not the XState machine) so eventless transitions are included.
 */
import {
  transitionList,
  type ActionRef,
  type GuardRef,
  type LaunchMachineConfig,
  type StateConfig,
} from './configTypes.ts';

export interface GraphNode {
  /** Keys from the root, e.g. `['progress', 'running', 'deploy']`; the root is `[]`. */
  path: string[];
  config: StateConfig;
  parent: GraphNode | null;
}

export interface GraphEdge {
  from: GraphNode;
  /** Resolved target, or null for a transition without target (actions only). */
  to: GraphNode | null;
  /** Event type, `always` or `done` (onDone). */
  event: string;
  guard: GuardRef | undefined;
  actions: ActionRef[];
}

export interface ConfigGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  byPath: Map<string, GraphNode>;
}

/** A node's path as one string, `progress.running.deploy` (the root is `(root)`). */
export function pathText(path: readonly string[]): string {
  return path.length === 0 ? '(root)' : path.join('.');
}

function resolveTarget(from: GraphNode, target: string, byPath: Map<string, GraphNode>): GraphNode | null {
  if (target.startsWith('#')) {
    const [id = '', ...rest] = target.slice(1).split('.');
    for (const node of byPath.values())
      if ((node.config as { id?: string }).id === id)
        return byPath.get(pathText([...node.path, ...rest])) ?? null;
    return null;
  }
  if (target.startsWith('.'))
    return byPath.get(pathText([...from.path, ...target.slice(1).split('.')])) ?? null;
  const base = from.parent ? from.parent.path : [];
  return byPath.get(pathText([...base, ...target.split('.')])) ?? null;
}

/**
 * Walks a config into nodes and edges.
 *
 * @example
 * const { nodes, edges } = configGraph(compilePlan(plan).config);
 */
export function configGraph(config: LaunchMachineConfig): ConfigGraph {
  const nodes: GraphNode[] = [];
  const byPath = new Map<string, GraphNode>();
  const visit = (state: StateConfig, path: string[], parent: GraphNode | null): void => {
    const node: GraphNode = { path, config: state, parent };
    nodes.push(node);
    byPath.set(pathText(path), node);
    for (const [key, child] of Object.entries(state.states ?? {})) visit(child, [...path, key], node);
  };
  visit(config, [], null);
  const edges: GraphEdge[] = [];
  for (const node of nodes) {
    const add = (event: string, list: ReturnType<typeof transitionList>): void => {
      for (const transition of list) {
        const to = transition.target === undefined ? null : resolveTarget(node, transition.target, byPath);
        if (transition.target !== undefined && to === null)
          throw new Error(
            `launchplan compile: target "${transition.target}" of ${event} in ${pathText(node.path)} does not resolve; this is a compiler bug`,
          );
        edges.push({ from: node, to, event, guard: transition.guard, actions: transition.actions ?? [] });
      }
    };
    for (const [event, list] of Object.entries(node.config.on ?? {})) add(event, transitionList(list));
    add('always', transitionList(node.config.always));
    if (node.config.onDone) add('done', [node.config.onDone]);
  }
  return { nodes, edges, byPath };
}

/**
 * States reachable from the initial state: entering a node enters its initial child (all
 * children of a parallel node); a transition into a history state may restore any state that
 * its parent already reached, so it adds nothing new.
 */
export function reachableStates(graph: ConfigGraph): Set<GraphNode> {
  const reached = new Set<GraphNode>();
  const entered = new Set<GraphNode>();
  const queue: GraphNode[] = [];
  const mark = (node: GraphNode): void => {
    for (let current: GraphNode | null = node; current && !reached.has(current); current = current.parent) {
      reached.add(current);
      queue.push(current);
    }
  };
  const enter = (node: GraphNode): void => {
    if (entered.has(node)) return;
    entered.add(node);
    mark(node);
    const { config } = node;
    const keys =
      config.type === 'parallel'
        ? Object.keys(config.states ?? {})
        : config.initial !== undefined
          ? [config.initial]
          : [];
    for (const key of keys) {
      const child = graph.byPath.get(pathText([...node.path, key]));
      if (child) enter(child);
    }
  };
  const root = graph.nodes[0];
  if (!root) return reached;
  enter(root);
  while (queue.length > 0) {
    const node = queue.shift() as GraphNode;
    for (const edge of graph.edges) {
      if (edge.from !== node || !edge.to) continue;
      if (edge.to.config.type === 'history') mark(edge.to);
      else enter(edge.to);
    }
  }
  return reached;
}
