/**
 * `launchplan/testing`: model-based test paths generated from a plan's statechart, transition
 * coverage, a given/when/then helper over a launch, and fast-check arbitraries for plans and
 * events. The project's own tests use the same helpers.
 */
export { listTransitions, takenTransitionId, transitionId } from './transitions.ts';
export type { ChartTransition } from './transitions.ts';
export { createMoveModel, representativeMoves, ALERT_IDS } from './moves.ts';
export type { Move, MoveModel } from './moves.ts';
export { createStepper } from './stepper.ts';
export type { Stepper, StepResult } from './stepper.ts';
export { generatePaths, stateKeyOf } from './paths.ts';
export type { GeneratedPath, GeneratedSuite, GenerateError, GenerateOptions, PathStep } from './paths.ts';
export { measureCoverage } from './coverage.ts';
export type { CoverageReport, CoverablePath } from './coverage.ts';
export { arbitraryPhrase, arbitraryPlanMarkdown, arbitraryLaunchEvents, eventVocabularyOf } from './arbitraries.ts';
export type { EventVocabulary } from './arbitraries.ts';
export { runGeneratedPath, activeStatePaths } from './runPath.ts';
export type { PathHooks, HookArgs, TestgenFile } from './runPath.ts';
export { emitTestFile, testgenFile } from './emitTestFile.ts';
export type { EmitOptions } from './emitTestFile.ts';
export { testgenPlan } from './testgen.ts';
export type { Testgen, TestgenReport } from './testgen.ts';
export { given } from './givenWhenThen.ts';
export type { Given, WhenOutcome } from './givenWhenThen.ts';
