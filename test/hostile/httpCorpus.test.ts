/**
 * The inputs of issue 15, replayed against a service on a real file log: each is answered with
 * the 4xx it deserves, never a 500 or a stack, never with a token in the answer, and the log is
 * byte for byte what it was before. (test/service/fuzz.test.ts explores random requests; this is
 * the seeded corpus of inputs that once took the service down or made it say wrong things.)
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorAnswer } from '../service/answers.ts';
import { planItems } from '../../src/plan/query.ts';
import { createFileEventStore } from '../../src/store/index.ts';
import { exampleBytes, readExample } from '../support/examples.ts';
import { startService, TOKENS, type Running } from '../service/harness.ts';

const directory = mkdtempSync(join(tmpdir(), 'lp-http-corpus-'));
const store = createFileEventStore(directory);
let run: Running;

const item = planItems(readExample('mbayar-go-live').plan)[0]!.item.id;
const event = (fields: string): string => `{"type":"alert.fired","alertId":"cpu",${fields}}`;
const deepList = Array.from({ length: 300 }, (_, depth) => `${'  '.repeat(depth)}- [ ] level ${depth}`).join(
  '\n',
);

interface Case {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
  readonly status: number;
}

const CORPUS: Case[] = [
  {
    name: 'a plan of 10,000 ">"',
    method: 'POST',
    path: '/launches?stream=quotes',
    body: '>'.repeat(10_000),
    status: 422,
  },
  {
    name: 'a list nested 300 deep',
    method: 'POST',
    path: '/launches?stream=deep',
    body: deepList,
    status: 422,
  },
  {
    name: 'a checkbox followed by 30,000 "*a"',
    method: 'POST',
    path: '/launches?stream=marks',
    body: `- [ ] ${'*a'.repeat(30_000)}`,
    status: 422,
  },
  {
    name: 'a plan past the size limit',
    method: 'POST',
    path: '/launches?stream=big',
    body: `# Big\n${'- [ ] item\n'.repeat(60_000)}`,
    status: 413,
  },
  {
    name: 'an alert value of 1e400',
    method: 'POST',
    path: '/launches/go/events',
    body: event('"value":1e400'),
    status: 400,
  },
  {
    name: 'a time that is not ISO 8601',
    method: 'POST',
    path: '/launches/go/events',
    body: event('"at":"yesterday"'),
    status: 400,
  },
  {
    name: 'a 30th of February',
    method: 'POST',
    path: '/launches/go/events',
    body: event('"at":"2025-02-30T00:00:00Z"'),
    status: 400,
  },
  {
    name: 'a go-live without a zone',
    method: 'POST',
    path: '/launches?stream=zone&goLiveAt=2025-03-01T09:30',
    body: exampleBytes('mbayar-go-live').toString(),
    status: 400,
  },
  {
    name: 'a prototype name as an item id',
    method: 'POST',
    path: '/launches/go/events',
    body: '{"type":"item.checked","itemId":"__proto__"}',
    status: 409,
  },
  {
    name: 'an unknown event type',
    method: 'POST',
    path: '/launches/go/events',
    body: '{"type":"launch.created"}',
    status: 400,
  },
  {
    name: 'a body that is not JSON',
    method: 'POST',
    path: '/launches/go/events',
    body: '{"type":',
    status: 400,
  },
  {
    name: 'an event nested 3,000 deep',
    method: 'POST',
    path: '/launches/go/events',
    body: `{"type":"item.checked","itemId":${'['.repeat(3000)}${']'.repeat(3000)}}`,
    status: 400,
  },
  {
    name: 'Alertmanager times that are not ISO 8601',
    method: 'POST',
    path: '/launches/go/alertmanager',
    token: TOKENS.alerts,
    body: JSON.stringify({
      version: '4',
      status: 'firing',
      alerts: [{ status: 'firing', labels: { alertname: 'cpu' }, startsAt: 'soon', fingerprint: 'f1' }],
    }),
    status: 400,
  },
  {
    name: 'a JUnit report that is not XML',
    method: 'POST',
    path: '/launches/go/junit?run=r1',
    token: TOKENS.ci,
    body: '<testsuite><testcase name="a"',
    status: 400,
  },
  ...['..%2Fx', 'a%20b', 'a*', '.hidden', 'a..b', 'x'.repeat(200)].flatMap((stream): Case[] => [
    { name: `stream ${stream} read`, method: 'GET', path: `/launches/${stream}`, status: 400 },
    {
      name: `stream ${stream} created`,
      method: 'POST',
      path: `/launches?stream=${stream}`,
      body: exampleBytes('mbayar-go-live').toString(),
      status: 400,
    },
    {
      name: `stream ${stream} sent to`,
      method: 'POST',
      path: `/launches/${stream}/events`,
      body: `{"type":"item.checked","itemId":"${item}"}`,
      status: 400,
    },
  ]),
  {
    name: 'a token in the URL',
    method: 'GET',
    path: `/launches/go?access_token=${TOKENS.admin}`,
    token: null,
    status: 400,
  },
  {
    name: 'a viewer aborting the launch',
    method: 'POST',
    path: '/launches/go/events',
    token: TOKENS.viewer,
    body: '{"type":"launch.aborted","reason":"x"}',
    status: 403,
  },
  {
    name: 'a token nobody holds',
    method: 'POST',
    path: '/launches/go/events',
    token: 'not-a-token-0000',
    body: `{"type":"item.checked","itemId":"${item}"}`,
    status: 401,
  },
];

/** Every byte of the log directory, one digest per file. */
function logDigest(): Record<string, string> {
  const digest: Record<string, string> = {};
  for (const name of readdirSync(directory).sort()) {
    if (!name.endsWith('.lock'))
      digest[name] = createHash('sha256')
        .update(readFileSync(join(directory, name)))
        .digest('hex');
  }
  return digest;
}

beforeAll(async () => {
  run = await startService(store, { limits: { planBytes: 256 * 1024 } });
  expect(
    (await run.request('POST', '/launches?stream=go', { body: exampleBytes('mbayar-go-live') })).status,
  ).toBe(201);
}, 60_000);
afterAll(async () => {
  await run.close();
  await store.close();
});

describe('the inputs of issue 15, against a service on a file log', () => {
  it.each(CORPUS.map((entry) => [entry.name, entry] as const))(
    'should answer %s with its 4xx and leave the log as it was',
    async (_name, entry) => {
      const before = logDigest();
      const answer = await run.request<ErrorAnswer | null>(entry.method, entry.path, {
        ...(entry.token !== undefined ? { token: entry.token } : {}),
        ...(entry.body !== undefined ? { body: entry.body } : {}),
      });
      expect(answer.status, answer.text).toBe(entry.status);
      expect(answer.json?.error?.message, answer.text).toEqual(expect.any(String));
      expect(answer.text).not.toMatch(/\n\s+at .+:\d+:\d+/);
      for (const token of Object.values(TOKENS)) expect(answer.text).not.toContain(token);
      expect(logDigest()).toEqual(before);
    },
    60_000,
  );
});
