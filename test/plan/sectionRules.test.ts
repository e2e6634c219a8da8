/**
 * Rules that settle a section's role after the weights: a numbered action over boxes is work,
 * whatever its words name; a phase in which nothing was read as work is a note, unless its
 * heading numbers or times it.
 */
import { describe, expect, it } from 'vitest';
import { readPlanMarkdown } from '../../src/plan/markdown/readPlan.ts';

const read = (markdown: string) => {
  const plan = readPlanMarkdown(markdown);
  return { phases: plan.phases.map((phase) => phase.title), notes: plan.notes.map((note) => note.title) };
};

describe('rules over the weights', () => {
  it('should keep a numbered action over boxes as work, even when its words name master data', () => {
    expect(
      read(
        '# Go-Live\n## 4. Domain verbinden\n- [ ] DNS setzen\n## 5. Stammdaten im Dashboard anlegen\n### 5.1 Vermieter\n- [ ] Name, E-Mail\n- [ ] Kontaktadresse\n### 5.2 Mieter\n- [ ] Name\n- [ ] Vertrag hochladen\n',
      ).phases,
    ).toEqual(['4. Domain verbinden', '5. Stammdaten im Dashboard anlegen']);
  });

  it('should make a note of a phase with nothing to do, and keep a numbered one', () => {
    const { phases, notes } = read(
      '# Go-live\n## Quick reference\n| Task | Where |\n|---|---|\n| Receive e-mails | n8n + IMAP |\n| Log in | Supabase Auth |\n## 1. Deploy\n- [ ] Run the migrations\n## 3. Functional tests\n| Feature | Tested |\n|---|---|\n| Export CSV | [ ] Yes / [ ] No |\n',
    );
    expect(phases).not.toContain('Quick reference');
    expect(notes).toContain('Quick reference');
    expect(phases).toContain('3. Functional tests');
  });
});
