/** The compiler: plan → config and layout → machine, exports, lint and rejection reasons. */
export { compilePlan } from './config.ts';
export type { CompiledChart } from './config.ts';
export { compiledPlan } from './compiled.ts';
export type { CompiledLaunch } from './compiled.ts';
export type {
  ActionRef,
  GuardRef,
  LaunchMachineConfig,
  StateConfig,
  StateMeta,
  TransitionConfig,
} from './configTypes.ts';
export { isActive, launchStatus, valueAt } from './layout.ts';
export type { ChartLayout, GroupRegion, LaunchStatus, RunningEntry, TransitionsAt } from './layout.ts';
export {
  initialContext,
  itemGroups,
  rollbackOf,
  GENERIC_ROLLBACK,
  DELIVERABLES,
  SETTLED,
} from './context.ts';
export type {
  LaunchContext,
  ItemGroup,
  ItemState,
  ItemStatus,
  ItemFacts,
  PlanIndex,
  AlertState,
  DecisionRecord,
  RecordedAt,
} from './context.ts';
export { createLaunchMachine, launchSetup, provideLaunchImplementations } from './machine.ts';
export type { LaunchMachine } from './machine.ts';
export { explainRejection, formatExplanation } from './explain.ts';
export { activeLeafPaths, activeStatePaths, launchPosition } from './statePaths.ts';
export type { Explanation, Rejection } from './explain.ts';
export { GUARDS } from './guards.ts';
export type { GuardSpec } from './guards.ts';
export { ACTIONS } from './actions.ts';
export { configGraph, reachableStates, pathText } from './graph.ts';
export type { ConfigGraph, GraphNode, GraphEdge } from './graph.ts';
export { printMachineModule, printLiteral } from './codegen/typescript.ts';
export { printMachineJson } from './codegen/json.ts';
export { printMermaid } from './codegen/mermaid.ts';
export { machineArtifacts } from './artifacts.ts';
export { stateKey } from './ids.ts';
