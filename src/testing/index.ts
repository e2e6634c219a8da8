/// <reference types="node" preserve="true" />
/**
 * `launchplan/testing`: model-based tests from a plan's statechart. `createLaunchTestModel` is an
 * `@xstate/graph` `TestModel` (shortest paths to every state, paths over every transition);
 * below it, the path generator, transition coverage, a given/when/then helper over a launch,
 * fast-check arbitraries for plans and events, and the conformance suite every event store runs
 * (for a store of your own). The project's own tests use the same helpers.
 *
 * fast-check is a peer dependency (npm installs it with launchplan), so the arbitraries here are
 * made by the same fast-check your tests run.
 */
export { createLaunchTestModel, LaunchTestModel } from './testModel.ts';
export type { LaunchSnapshot, LaunchTestParams, LaunchTestPath } from './testModel.ts';
export { loadLaunchTestModel } from './loadTestModel.ts';
export { testRunner } from './testRunner.ts';
export type { TestRunner } from './testRunner.ts';
export { listTransitions, takenTransitionId, transitionId } from './transitions.ts';
export type { ChartTransition } from './transitions.ts';
export { createMoveModel, representativeMoves, ALERT_IDS } from './moves.ts';
export type { Move, MoveModel } from './moves.ts';
export { createStepper } from './stepper.ts';
export type { Stepper, StepResult } from './stepper.ts';
export { createMoveTraversal, generatePaths, stateKeyOf } from './paths.ts';
export type {
  GeneratedPath,
  GeneratedSuite,
  GenerateError,
  GenerateOptions,
  MoveEvent,
  MoveTraversal,
  PathStep,
} from './paths.ts';
export { measureCoverage } from './coverage.ts';
export type { CoverageReport, CoverablePath } from './coverage.ts';
export {
  arbitraryPhrase,
  arbitraryPlanMarkdown,
  arbitraryLaunchEvents,
  eventVocabularyOf,
} from './arbitraries.ts';
export type { EventVocabulary } from './arbitraries.ts';
export { arbitraryPlan } from './planArbitrary.ts';
export { emitTestFile } from './emitTestFile.ts';
export type { EmitOptions } from './emitTestFile.ts';
export { testgenPlan } from './testgen.ts';
export type { Testgen, TestgenReport } from './testgen.ts';
export { given } from './givenWhenThen.ts';
export { describeEventStoreConformance } from './storeConformance.ts';
export type { ConformanceOptions, ConformanceTestApi, StoreFixture } from './storeConformance.ts';
export { collect, newEvent, newEvents, readAll, runId } from './storeEvents.ts';
export type { Given, WhenOutcome } from './givenWhenThen.ts';
