/**
 * Everything `launchplan compile` writes for a plan, as file name → text: the literal
 * `<id>.machine.ts`, the `<id>.json` config and the `<id>.mmd` diagram. Pure, so the
 * `machines/` staleness test compiles in memory and compares byte for byte.
 */
import type { Plan } from '../plan/model.ts';
import { printMachineJson } from './codegen/json.ts';
import { printMermaid } from './codegen/mermaid.ts';
import { printMachineModule, type TypeScriptOptions } from './codegen/typescript.ts';
import { compilePlan } from './config.ts';
import { stateKey } from './ids.ts';

/**
 * The three exported files of a plan, keyed by file name.
 *
 * @example
 * for (const [name, text] of Object.entries(machineArtifacts(plan))) writeFileSync(join(out, name), text);
 */
export function machineArtifacts(plan: Plan, options: TypeScriptOptions = {}): Record<string, string> {
  const { config } = compilePlan(plan);
  const base = stateKey(plan.id).replace(/[/\\]/g, '-');
  return {
    [`${base}.machine.ts`]: printMachineModule(config, options),
    [`${base}.json`]: printMachineJson(config),
    [`${base}.mmd`]: printMermaid(config),
  };
}
