/**
 * A new event type that is not handled everywhere fails the type check. The test copies src/
 * into a fresh project, adds one entry to the event registry (`item.blocked`) and nothing else,
 * runs tsc, and expects errors in exactly the places that must then handle it: the chart's
 * handling table, the factories, the package's exports and the arbitraries.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const exec = promisify(execFile);

/** The registry entry the copy gets: everything the registry itself asks for, and nothing elsewhere. */
const NEW_ENTRY = `  'item.blocked': event(
    { itemId: t.string },
    { reason: t.string },
    { sentBy: stepOwners(), moves: false, tell: ({ itemId }, names) => \`blocked: \${named(names, itemId)}\` },
  ),
`;

const project = mkdtempSync(join(tmpdir(), 'lp-new-event-type-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** The files tsc reports errors in, and the errors. */
async function typeCheck(): Promise<{ files: string[]; output: string }> {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    await exec(process.execPath, [tsc, '-p', 'tsconfig.json', '--noEmit'], {
      cwd: project,
      maxBuffer: 1 << 24,
    });
    return { files: [], output: '' };
  } catch (error) {
    const output = (error as { stdout?: string }).stdout ?? String(error);
    const files = [...output.matchAll(/^(src\/\S+?)\(\d+,\d+\): error/gm)].map((match) => match[1] as string);
    return { files: [...new Set(files)].sort(), output };
  }
}

describe('adding an event type', () => {
  it('should fail the type check in every place that must handle it, and nowhere else', async () => {
    cpSync(join(ROOT, 'src'), join(project, 'src'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ extends: join(ROOT, 'tsconfig.json'), include: ['src'] }),
    );
    const registry = join(project, 'src', 'events', 'registry.ts');
    const source = readFileSync(registry, 'utf8');
    const anchor = source.indexOf("  'plan.revised': event(");
    expect(anchor).toBeGreaterThan(0);
    writeFileSync(registry, `${source.slice(0, anchor)}${NEW_ENTRY}${source.slice(anchor)}`);

    const { files, output } = await typeCheck();
    expect(files, output).toEqual([
      'src/compile/handling.ts',
      'src/events/factories.ts',
      'src/index.ts',
      'src/testing/arbitraries.ts',
    ]);
    expect(output).toMatch(/"itemBlocked"/);
    expect(output).toMatch(/'"item\.blocked"' is missing/);
  });
});
