/** The machine config as JSON text: `createMachine(JSON.parse(text))` loads it back. */
import type { LaunchMachineConfig } from '../configTypes.ts';

/**
 * The `.json` export of a compiled plan, two-space indented, ending with a newline.
 *
 * @example
 * const machine = createLaunchMachine(JSON.parse(printMachineJson(config)));
 */
export function printMachineJson(config: LaunchMachineConfig): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}
