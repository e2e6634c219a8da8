/** A refused event's field errors, told once: by `launchplan send` and by the HTTP API. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ErrorAnswer } from '../service/answers.ts';
import { createFileEventStore } from '../../src/store/file/index.ts';
import { runCli } from '../support/cli.ts';
import { examplePath } from '../support/examples.ts';
import { startService } from '../service/harness.ts';

const MISSING_ITEM = 'itemId: expected string, got nothing';

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('launchplan send with a missing field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lp-send-'));
  const log = join(dir, 'go.jsonl');
  beforeAll(async () => {
    expect((await runCli('start', examplePath('mbayar-go-live'), '--log', log, '--role', 'admin')).code).toBe(
      0,
    );
  });

  it('should print each field error once', async () => {
    const result = await runCli('send', 'item.checked', '--log', log, '--role', 'admin');
    expect(result.code).toBe(1);
    expect(result.err).toBe(`invalid event: invalid item.checked event:\n  ${MISSING_ITEM}\n`);
  });

  it('should still list a field error its message does not name (a bad at)', async () => {
    const result = await runCli(
      'send',
      'item.checked',
      '--item',
      'checklist-de-validation-technique/securite/https',
      '--data',
      '{"at":"yesterday"}',
      '--log',
      log,
      '--role',
      'admin',
    );
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      'invalid event: item.checked: at is not a date\n  at: expected an ISO 8601 time such as 2025-03-01T09:30:00Z (a zone is required) or a date such as 2025-03-01, got "yesterday"\n',
    );
  });

  it('should answer the HTTP API with the field error once in the message and listed in the details', async () => {
    const store = createFileEventStore(dir);
    const service = await startService(store);
    try {
      const answer = await service.request<ErrorAnswer>('POST', '/launches/go/events', {
        body: '{"type":"item.checked"}',
      });
      expect(answer.status).toBe(400);
      expect(answer.json.error.kind).toBe('InvalidEvent');
      expect(occurrences(answer.json.error.message, MISSING_ITEM)).toBe(1);
      expect(answer.json.error.details?.errors).toEqual([
        { path: 'itemId', message: 'expected string, got nothing' },
      ]);
    } finally {
      await service.close();
      await store.close();
    }
  });
});
