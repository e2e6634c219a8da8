/** `launchplan compile <plan> [--out DIR]`: writes ID.machine.ts, ID.json and ID.mmd. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { machineArtifacts } from '../../compile/artifacts.ts';
import { CliExit, printJson, type CliIo } from '../io.ts';
import type { JsonOption } from '../logOptions.ts';
import { loadUsablePlan, type PlanLimitOptions } from '../planErrors.ts';

export async function run(
  io: CliIo,
  options: JsonOption & { out: string } & PlanLimitOptions,
  path: string,
): Promise<void> {
  const { plan } = await loadUsablePlan(path, options);
  const files = machineArtifacts(plan, {
    source: path,
    regenerate: `\`launchplan compile ${path} --out ${options.out}\``,
  });
  try {
    await mkdir(options.out, { recursive: true });
    for (const [name, text] of Object.entries(files)) await writeFile(join(options.out, name), text);
  } catch (error) {
    throw new CliExit(2, `cannot write to ${options.out}: ${(error as Error).message}`);
  }
  const written = Object.keys(files).map((name) => join(options.out, name));
  if (options.json) printJson(io, { plan: plan.id, planHash: plan.hash, files: written });
  else io.out(written.join('\n'));
}
