/**
 * What a stranger learns from the service: that it answers, and nothing of its load or of where it
 * keeps its files. `/healthz` gives its figures (live streams, open files) only to a known viewer,
 * and error texts about a broken log name the file, never the server's directories (issue 23).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileEventStore } from '../../src/store/index.ts';
import { exampleBytes } from '../support/examples.ts';
import { startService, TOKENS, type Running } from '../service/harness.ts';

const directory = mkdtempSync(join(tmpdir(), 'lp-disclosure-'));
let run: Running;

beforeAll(async () => {
  run = await startService(createFileEventStore(directory));
});
afterAll(() => run.close());

describe('/healthz', () => {
  it('should say only that it answers to a stranger, and give its figures to a known viewer', async () => {
    const stranger = await run.request('GET', '/healthz', { token: null });
    expect(stranger.status).toBe(200);
    expect(stranger.json).toEqual({ ok: true });
    const wrong = await run.request('GET', '/healthz', { token: 'not-a-token-of-this-service-at-all' });
    expect(wrong.json).toEqual({ ok: true });
    const viewer = await run.request('GET', '/healthz', { token: TOKENS.viewer });
    expect(viewer.json).toMatchObject({ ok: true, sse: { clients: 0, bufferedBytes: 0 } });
    expect(viewer.json).toHaveProperty('openFiles');
  });
});

describe('error texts', () => {
  it('should name a broken log without the directories it lives in', async () => {
    writeFileSync(join(directory, 'notalog.jsonl'), 'these are not the events you are looking for\n');
    expect(
      (await run.request('POST', '/launches?stream=cut', { body: exampleBytes('mbayar-go-live') })).status,
    ).toBe(201);
    run.service.launches.close();
    // A byte flipped inside the first record: the log no longer verifies.
    const log = join(directory, 'cut.jsonl');
    const bytes = readFileSync(log);
    bytes[40] = bytes[40] === 0x61 ? 0x62 : 0x61;
    writeFileSync(log, bytes);
    const answers = [
      await run.request('GET', '/launches/notalog'),
      await run.request('POST', '/launches/notalog/events', { body: '{"type":"launch.started"}' }),
      await run.request('GET', '/launches/cut'),
      await run.request('GET', '/launches/cut/page', { token: TOKENS.viewer }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.text).not.toContain(directory);
      expect(answer.text).not.toContain(tmpdir());
    }
    expect(answers.map((answer) => answer.text).join('\n')).toMatch(/notalog\.jsonl|cut\.jsonl/);
  });
});
