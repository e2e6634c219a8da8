/**
 * A plan whose chart would block the event loop while it compiles is refused after it is read (in
 * its worker), before anything is compiled or stored: issue 23's plan of 10,000 headings took 31 s
 * to create, with `/healthz` waiting 3 s.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../src/store/index.ts';
import { startService } from '../service/harness.ts';

/** A plan of one phase with `steps` steps of one item each. */
const wide = (steps: number): string =>
  [
    '# Wide launch',
    '## Phase 1: preparation',
    ...Array.from({ length: steps }, (_, n) => `### Step ${n} ready\n- [ ] item ${n} done`),
  ].join('\n\n');

describe('a plan whose chart is too large', () => {
  it('should be refused with 422 ChartTooLarge, naming its size and the limits, and store nothing', async () => {
    const store = createMemoryEventStore();
    const run = await startService(store);
    try {
      const refused = await run.request('POST', '/launches?stream=wide', { body: wide(600) });
      expect(refused.status).toBe(422);
      expect(refused.json).toMatchObject({
        error: { kind: 'ChartTooLarge', details: { limits: { states: 500, items: 3000 } } },
      });
      expect(await store.listStreams()).toEqual([]);
      expect((await run.request('POST', '/launches?stream=fits', { body: wide(100) })).status).toBe(201);
    } finally {
      await run.close();
    }
  });
});
