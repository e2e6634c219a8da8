/** The examples in examples/ run in CI: each must run to its end and print what it promises. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

describe('examples', () => {
  it('should run the embedding example: a deploy bot driving a launch, replayed by a second host', async () => {
    const { stdout } = await exec(process.execPath, ['--import', 'tsx', 'examples/embedding/deployBot.ts'], {
      cwd: root,
    });
    expect(stdout).toContain('go refused while the alert is open: refused by goAllowed');
    expect(stdout).toMatch(/gate gate\/go-no-go-protocole-de-lancement-jour-j: go by deploy-bot/);
    expect(stdout).toMatch(/second host replayed 16 events: same checklist/);
    expect(stdout.indexOf('step done: 3. Application')).toBeLessThan(
      stdout.indexOf('phase done: Checklist de Validation Technique'),
    );
  });
});
