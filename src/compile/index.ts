/** The compiler's public API: plan → config → machine, exports, lint and rejection reasons. */
export { compilePlan } from './config.ts';
export type { LaunchMachineConfig, StateConfig, StateMeta, TransitionConfig, NamedRef } from './configTypes.ts';
export { initialContext, rollbackOf, GENERIC_ROLLBACK, DELIVERABLES } from './context.ts';
export type { LaunchContext, ItemState, ItemStatus, ItemFacts, PlanIndex, AlertState, DecisionRecord, RecordedAt } from './context.ts';
export { createLaunchMachine, provideLaunchImplementations, launchImplementations } from './machine.ts';
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
