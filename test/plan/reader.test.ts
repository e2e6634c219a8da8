import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseJsonAs } from '../support/json.ts';
import { loadPlanFile } from '../../src/plan/load.ts';
import { readPlanBytes, readPlanMarkdown } from '../../src/plan/markdown/readPlan.ts';
import { planItems } from '../../src/plan/query.ts';

const texts = (markdown: string) => planItems(readPlanMarkdown(markdown)).map(({ item }) => item.text);

describe('the Markdown reader', () => {
  it('should read headings with emoji, bold, keycap numbers and "Phase N :" as clean titles', () => {
    const plan = readPlanMarkdown(
      '# Launch\n\n## 1️⃣ **Phase 1 : Build**\n\n### 🚀 2.1 **Ship it**\n- [ ] deploy\n',
    );
    expect(plan.phases[0]?.id).toBe('build');
    expect(plan.phases[0]?.steps[0]?.id).toBe('build/ship-it');
    expect(plan.phases[0]?.steps[0]?.items[0]?.id).toBe('build/ship-it/deploy');
  });

  it('should never read a # comment in a code block as a heading or an item', () => {
    const plan = readPlanMarkdown(
      '# P\n\n## Phase 1: Deploy\n\n### Run\n```bash\n# not a heading\n- not an item\n./deploy.sh\n```\n- [ ] check logs\n',
    );
    expect(plan.phases).toHaveLength(1);
    expect(
      texts(
        '# P\n\n## Phase 1: Deploy\n\n### Run\n```bash\n# not a heading\n- not an item\n```\n- [ ] check logs\n',
      ),
    ).toEqual(['check logs']);
    expect(plan.phases[0]?.steps[0]?.code[0]).toMatchObject({
      lang: 'bash',
      value: '# not a heading\n- not an item\n./deploy.sh',
    });
  });

  it('should read nested task lists and plain numbered items', () => {
    const plan = readPlanMarkdown(
      '# P\n## Phase 1: A\n### S\n1. first\n2. second\n   - [x] nested done\n   - [ ] nested open\n',
    );
    const items = plan.phases[0]?.steps.flatMap((step) => step.items) ?? [];
    expect(items.map((item) => item.text)).toContain('second');
    expect(planItems(plan).map(({ item }) => [item.text, item.done])).toContainEqual(['nested done', true]);
  });

  it('should read status tables with ✅, ⬜ and :white_check_mark:', () => {
    const plan = readPlanMarkdown(
      '# P\n## Phase 1: Go\n### Checks\n| Item | Status |\n|---|---|\n| DNS | ✅ |\n| TLS | ⬜ |\n| CDN | :white_check_mark: |\n',
    );
    expect(planItems(plan).map(({ item }) => [item.text, item.done])).toEqual([
      ['DNS', true],
      ['TLS', false],
      ['CDN', true],
    ]);
  });

  it('should handle front matter, HTML comments, images, links, hard breaks and no final newline', () => {
    const markdown =
      '---\nowner: ops\n---\n<!-- hidden -->\n# Plan\n\n## Phase 1: Web\n![diagram](x.png)\n- [ ] read [the docs](https://example.com)  \n  then deploy\n- [x] done';
    const plan = readPlanMarkdown(markdown);
    expect(plan.title).toBe('Plan');
    expect(texts(markdown)).toEqual(
      ['read the docs\nthen deploy', 'done'].map((text) => text.replace(/\s+/g, ' ')),
    );
    expect(plan.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  });

  it('should take overrides from front matter: section roles, emoji status, no added gate', () => {
    const markdown = [
      '---',
      'launchplan:',
      '  sections:',
      '    "Continuity": note',
      '  emojiStatus: false',
      '  addGate: false',
      '---',
      '# P',
      '## Phase 1: Build',
      '- ✅ compile',
      '## Phase 2: Production',
      '- ship',
      '## Continuity',
      '1. restore backup',
    ].join('\n');
    const plan = readPlanMarkdown(markdown);
    expect(plan.rollback).toBeNull();
    expect(plan.notes.map((note) => note.title)).toEqual(['Continuity']);
    expect(plan.gates).toEqual([]);
    expect(planItems(plan).find(({ item }) => item.text === 'compile')?.item.done).toBe(false);
  });

  it('should leave out a section ignored by an override, saying so once, without unread warnings', () => {
    const plan = readPlanMarkdown(
      '---\nlaunchplan:\n  sections:\n    "Scratch": ignore\n---\n# P\n## Phase 1: Build\n- [ ] a\n## Scratch\n- [ ] not for this launch\n',
    );
    expect(planItems(plan).map(({ item }) => item.text)).toEqual(['a']);
    expect(plan.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['no-gate', 'section-ignored']);
  });

  it('should report bad overrides as a warning naming the field instead of failing', () => {
    const plan = readPlanMarkdown(
      '---\nlaunchplan:\n  addGate: "sometimes"\n---\n# P\n## Phase 1\n- a\n## Phase 2: Launch\n- b\n',
    );
    const bad = plan.diagnostics.find((diagnostic) => diagnostic.code === 'bad-overrides');
    expect(bad).toMatchObject({
      severity: 'warning',
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types asymmetric matchers as any, to stand in for any field
      message: expect.stringContaining('front matter "launchplan"'),
    });
    expect(bad?.message).toContain('addGate: expected boolean, got "sometimes"');
    expect(plan.phases).toHaveLength(2);
    expect(plan.gates).toHaveLength(1);
  });

  it('should repair Windows-1252 double encoding too, and leave correct accents alone', () => {
    const broken = iconv.decode(
      Buffer.from('# Déploiement\n## Phase 1 : Préparation\n- tâche\n', 'utf8'),
      'win1252',
    );
    const plan = readPlanMarkdown(broken);
    expect(plan.title).toBe('Déploiement');
    expect(plan.diagnostics[0]?.code).toBe('encoding-repaired');
    expect(readPlanMarkdown('# Déploiement ü √\n## Phase 1\n- a\n').title).toBe('Déploiement ü √');
  });

  it('should give an error diagnostic, not a crash, for empty files and binary junk', () => {
    for (const bytes of [Buffer.alloc(0), Buffer.from([0, 255, 254, 1, 2, 3, 0xc3, 0x28, 10, 0x23])]) {
      const plan = readPlanBytes(bytes);
      expect(plan.phases).toEqual([]);
      expect(
        plan.diagnostics.some(
          (diagnostic) => diagnostic.code === 'no-phases' && diagnostic.severity === 'error',
        ),
      ).toBe(true);
    }
  });

  it('should read a plan that is only a checklist as one phase', () => {
    const plan = readPlanMarkdown('- [ ] one\n- [x] two\n');
    expect(plan.phases).toHaveLength(1);
    expect(planItems(plan).map(({ item }) => item.done)).toEqual([false, true]);
  });

  it('should place a written go/no-go after the phase that holds it, and one written after the go-live before it: one decision', () => {
    const plan = readPlanMarkdown(
      '# P\n## Phase 1: Build\n- a\n### Go/No-Go\nDecide.\n## Phase 2: Ship\n- b\n## Go-No-Go final\n- [ ] sign-off\n',
    );
    expect(plan.gates.map((gate) => [gate.title, gate.beforePhase, gate.criteria])).toEqual([
      ['Go/No-Go', 'ship', ['build/build/a', 'go-no-go-final/go-no-go-final/sign-off']],
    ]);
    expect(plan.phases.map((phase) => phase.id)).toEqual(['build', 'ship', 'go-no-go-final']);
  });

  it('should read "Week 3", J+ ranges and T± times in English plans', () => {
    const plan = readPlanMarkdown(
      '# Go live\n## Week 3: Hardening\n- [ ] pen test\n## Launch day\n1. T-2h: freeze\n2. T+30min: watch\n',
    );
    expect(plan.phases[0]?.window).toMatchObject({ unit: 'week', from: 3, to: 3 });
    expect(plan.phases[1]?.steps.map((step) => [step.window?.from, step.window?.unit])).toEqual([
      [-2, 'hour'],
      [30, 'minute'],
    ]);
  });

  it('should match a calendar row by the items its actions name, only to a phase without a window', () => {
    const plan = readPlanMarkdown(
      [
        '# Go live',
        '## Calendar',
        '| Week | Stage | Key actions |',
        '|---|---|---|',
        '| Week 1 | Freeze | Load tests, rotate secrets |',
        '| Week 2 | Marketing | Press kit, newsletter |',
        '| Week 3 | Hardening | Pen test |',
        '## Readiness checklist',
        '### Performance',
        '- [ ] Load tests passed at 1000 users',
        '### Security',
        '- [ ] Rotate production secrets',
        '## Week 3: Hardening',
        '- [ ] pen test',
      ].join('\n'),
    );
    const [checklist, hardening] = plan.phases;
    expect(checklist?.window).toMatchObject({ raw: 'Week 1', unit: 'week', from: 1, to: 1 });
    // W3 names the hardening phase by its title; the by-actions pass never moves an existing window.
    expect(hardening?.window).toMatchObject({ from: 3, to: 3 });
    expect(plan.schedule.map((entry) => entry.matched)).toEqual([checklist?.id, null, hardening?.id]);
    expect(
      plan.diagnostics.find((diagnostic) => diagnostic.code === 'calendar-by-actions')?.message,
    ).toContain('Load tests, rotate secrets');
    expect(
      plan.diagnostics
        .filter((diagnostic) => diagnostic.code === 'calendar-unmatched')
        .map((diagnostic) => diagnostic.line),
    ).toEqual([6]);
  });
});

describe('loading plan files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'launchplan-load-'));

  it('should validate a JSON plan and name the path of each bad field', async () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ id: 'x', title: 7, hash: 5, phases: [] }));
    const loaded = await loadPlanFile(path);
    expect(
      E.isLeft(loaded) && loaded.left._tag === 'InvalidPlan'
        ? loaded.left.errors.map((error) => error.path)
        : [],
    ).toEqual(expect.arrayContaining(['title', 'hash', 'gates']));
  });

  it('should name the field of a bad nested item, its optional fields included', async () => {
    // The plan as JSON, to be broken where its codec would not let it be.
    const plan = parseJsonAs<{
      phases: { steps: { items: { owners: unknown; children: { done: unknown }[] }[] }[] }[];
    }>(JSON.stringify(readPlanMarkdown('# P\n## Phase 1: A\n- [ ] a\n  - [ ] b\n')));
    plan.phases[0]!.steps[0]!.items[0]!.children[0]!.done = 'yes';
    plan.phases[0]!.steps[0]!.items[0]!.owners = 'Ops';
    const path = join(dir, 'nested.json');
    writeFileSync(path, JSON.stringify(plan));
    const loaded = await loadPlanFile(path);
    expect(
      E.isLeft(loaded) && loaded.left._tag === 'InvalidPlan'
        ? loaded.left.errors.map((error) => error.path)
        : [],
    ).toEqual(['phases.0.steps.0.items.0.children.0.done', 'phases.0.steps.0.items.0.owners']);
  });

  it('should round-trip a plan through JSON and YAML', async () => {
    const plan = readPlanMarkdown('# P\n## Phase 1: A\n- [x] one\n  - [ ] two\n');
    const jsonPath = join(dir, 'plan.json');
    writeFileSync(jsonPath, JSON.stringify(plan));
    const fromJson = await loadPlanFile(jsonPath);
    expect(E.isRight(fromJson) && fromJson.right.plan).toEqual(plan);
    const { stringify } = await import('yaml');
    const yamlPath = join(dir, 'plan.yaml');
    writeFileSync(yamlPath, stringify(plan));
    const fromYaml = await loadPlanFile(yamlPath);
    expect(E.isRight(fromYaml) && fromYaml.right.plan).toEqual(plan);
  });

  it('should refuse JSON that does not parse, naming the file', async () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ "id": ');
    const loaded = await loadPlanFile(path);
    expect(E.isLeft(loaded) && loaded.left._tag).toBe('InvalidPlan');
  });

  it('should apply a sidecar overrides file next to a Markdown plan', async () => {
    const path = join(dir, 'launch.md');
    writeFileSync(path, '# P\n## Phase 1: Build\n- a\n## Phase 2: Production\n- b\n');
    writeFileSync(join(dir, 'launch.launchplan.yaml'), 'id: my-launch\naddGate: false\n');
    const loaded = await loadPlanFile(path);
    expect(E.isRight(loaded) && [loaded.right.plan.id, loaded.right.plan.gates.length]).toEqual([
      'my-launch',
      0,
    ]);
  });

  it('should report a sidecar with a bad field as a bad-overrides warning and read the plan normally', async () => {
    const path = join(dir, 'bad-field.md');
    writeFileSync(path, '# P\n## Phase 1: Build\n- a\n## Phase 2: Production\n- b\n');
    writeFileSync(join(dir, 'bad-field.launchplan.yaml'), 'id: my-launch\nsections: 5\n');
    const loaded = await loadPlanFile(path);
    const plan = E.isRight(loaded) ? loaded.right.plan : undefined;
    expect(plan?.diagnostics.filter((diagnostic) => diagnostic.code === 'bad-overrides')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types asymmetric matchers as any, to stand in for any field
        message: expect.stringMatching(
          /^bad-field\.launchplan\.yaml: invalid overrides were ignored \(sections: expected .*, got 5\)$/,
        ),
      }),
    ]);
    expect([plan?.id, plan?.phases.length, plan?.gates.length]).toEqual(['bad-field', 2, 1]);
  });

  it('should report a sidecar that is not YAML as a warning naming the file and line', async () => {
    const path = join(dir, 'not-yaml.md');
    writeFileSync(path, '# P\n## Phase 1: Build\n- a\n## Phase 2: Go-live\n- b\n');
    writeFileSync(join(dir, 'not-yaml.launchplan.yaml'), 'addGate: false\nid: a: b\ncontinuous: []\n');
    const loaded = await loadPlanFile(path);
    const plan = E.isRight(loaded) ? loaded.right.plan : undefined;
    const bad = plan?.diagnostics.find((diagnostic) => diagnostic.code === 'bad-overrides');
    expect(bad).toMatchObject({
      severity: 'warning',
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types asymmetric matchers as any, to stand in for any field
      message: expect.stringContaining('not-yaml.launchplan.yaml is not valid YAML and was ignored'),
    });
    expect(bad?.message).toMatch(/at line 2, column 5$/);
    expect([plan?.phases.length, plan?.gates.length]).toEqual([2, 1]);
  });

  it('should report an unreadable file as a value', async () => {
    const loaded = await loadPlanFile(join(dir, 'missing.md'));
    expect(E.isLeft(loaded) && loaded.left._tag).toBe('Unreadable');
  });
});
