/** `launchplan compile <plan> [--out DIR]`: writes ID.machine.ts, ID.json and ID.mmd. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { machineArtifacts } from '../../compile/artifacts.ts';
import { formatLoadError, loadPlanFile } from '../../plan/load.ts';
import { CliExit, type CliIo } from '../io.ts';
import { planErrors } from '../planErrors.ts';

export function registerCompile(program: Command, io: CliIo): void {
  program
    .command('compile')
    .description('compile a plan into an XState v5 machine: ID.machine.ts (literal createMachine), ID.json (config) and ID.mmd (Mermaid)')
    .argument('<plan>', 'plan file (Markdown, JSON or YAML)')
    .option('-o, --out <dir>', 'output directory', '.')
    .action(async (path: string, options: { out: string }) => {
      const loaded = await loadPlanFile(path);
      if (E.isLeft(loaded)) throw new CliExit(2, formatLoadError(loaded.left));
      const errors = planErrors(path, loaded.right.plan);
      if (errors) throw new CliExit(1, errors);
      const files = machineArtifacts(loaded.right.plan, { source: path, regenerate: `\`launchplan compile ${path} --out ${options.out}\`` });
      try {
        await mkdir(options.out, { recursive: true });
        for (const [name, text] of Object.entries(files)) await writeFile(join(options.out, name), text);
      } catch (error) {
        throw new CliExit(2, `cannot write to ${options.out}: ${(error as Error).message}`);
      }
      io.out(Object.keys(files).map((name) => join(options.out, name)).join('\n'));
    });
}
