/** Which id a plan file gets: the front matter's, else the sidecar's, else the file name's (docs/plan-format.md). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { loadPlanFile } from '../../src/plan/load.ts';

const body = '# Go live\n## Phase 1: Build\n- [ ] ship\n';

async function idOf(files: Record<string, string>, plan: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'lp-load-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const loaded = await loadPlanFile(join(dir, plan));
  if (E.isLeft(loaded)) throw new Error(JSON.stringify(loaded.left));
  return loaded.right.plan.id;
}

describe('the id of a plan file', () => {
  it('should be the front matter id when there is one, before the sidecar and the file name', async () => {
    const withFrontMatter = `---\nlaunchplan:\n  id: go-live-2026\n---\n${body}`;
    expect(await idOf({ 'release.md': withFrontMatter }, 'release.md')).toBe('go-live-2026');
    expect(
      await idOf(
        { 'release.md': withFrontMatter, 'release.launchplan.yaml': 'id: from-sidecar\n' },
        'release.md',
      ),
    ).toBe('go-live-2026');
  });

  it('should be the sidecar id without front matter, and the file name without either', async () => {
    expect(
      await idOf({ 'release.md': body, 'release.launchplan.yaml': 'id: from-sidecar\n' }, 'release.md'),
    ).toBe('from-sidecar');
    expect(await idOf({ 'Release Plan.md': body }, 'Release Plan.md')).toBe('release-plan');
  });
});
