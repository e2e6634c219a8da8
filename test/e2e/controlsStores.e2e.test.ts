/**
 * Operator controls and approval policies on the stores a cluster runs on (issue 24): a real
 * `launchplan serve` on PostgreSQL, then on NATS JetStream, is driven over HTTP through a pause
 * (items ticked, no phase advancing), a skip, a retry and a gate needing two distinct leads, and
 * killed with SIGKILL twice along the way. Each restart serves the launch as it stood before the
 * kill, replayed from the log; the log holds every acknowledged event once and no refused one.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { withoutCountdown } from '../../src/checklist/countdown.ts';
import type { Checklist } from '../../src/checklist/derive.ts';
import type { EventEnvelope } from '../../src/events/envelope.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { startServed, type Served } from '../hostile/served.ts';
import type { ErrorAnswer } from '../service/answers.ts';
import { TOKEN_ENTRIES, TOKENS } from '../service/harness.ts';
import { describeOnServerStores, type ServerStoreName } from '../support/serverStores.ts';

/** A second lead (the harness has one, `sam`): the gate needs two distinct ones. */
const KIM_TOKEN = 'lead-token-000002-3e4f5a6b7c8d9e0f';
const TOKEN_FILE = [...TOKEN_ENTRIES, { token: KIM_TOKEN, actor: 'kim', roles: ['lead'] }];

const STREAM = 'controls';
const GATE = 'gate/go-no-go';
const BACKUP = 'prepare/backup/take-the-database-backup';
const NOTES = 'prepare/release-notes/write-the-release-notes';
const SMOKE_STEP = 'launch/smoke-tests';
const SMOKE = `${SMOKE_STEP}/run-the-smoke-tests`;
const ANNOUNCEMENT = 'launch/announcement';

/** Two phases and a gate between them whose go takes two distinct leads (its criteria: the first phase). */
const PLAN = `---
launchplan:
  approvals:
    '*': { roles: [lead], approvers: 2 }
---
# Controls launch

## Phase 1: Prepare

### Backup

- [ ] take the database backup

### Release notes

- [ ] write the release notes

## Go/No-Go

Go when the backup is restored on staging and the notes are out.

## Phase 2: Launch

### Smoke tests

- [ ] run the smoke tests

### Announcement

- [ ] post the announcement
- [ ] email the customers
`;

interface Answer<T> {
  status: number;
  text: string;
  json: T;
}

/** One launch served by a process that a test kills and restarts on the same store. */
interface Scenario {
  host: Served;
  /** The store the hosts serve, read directly for its log. */
  store: EventStore;
  /** The keys of the events the service acknowledged (201), in order. */
  acknowledged: string[];
  /** The keys of the events it refused. */
  refused: string[];
}

async function call<T>(host: Served, method: string, path: string, token: string, init: RequestInit = {}) {
  const response = await fetch(`${host.url}${path}`, {
    ...init,
    method,
    headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  });
  const text = await response.text();
  return { status: response.status, text, json: (text ? JSON.parse(text) : null) as T } satisfies Answer<T>;
}

const statusOf = async (host: Served): Promise<Checklist> => {
  const answer = await call<Checklist>(host, 'GET', `/launches/${STREAM}`, TOKENS.viewer);
  expect(answer.status, answer.text).toBe(200);
  return answer.json;
};

const logOf = async (store: EventStore): Promise<EventEnvelope[]> => {
  const out: EventEnvelope[] = [];
  for await (const envelope of store.read(STREAM)) out.push(envelope);
  return out;
};

/** Posts one event under a fresh idempotency key, and files the key as acknowledged or refused. */
async function post(scenario: Scenario, token: string, event: object): Promise<Answer<ErrorAnswer>> {
  // Zero-padded, so that no key is part of another.
  const key = `${STREAM}-${String(scenario.acknowledged.length + scenario.refused.length + 1).padStart(3, '0')}`;
  const answer = await call<ErrorAnswer>(scenario.host, 'POST', `/launches/${STREAM}/events`, token, {
    body: JSON.stringify(event),
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
  });
  (answer.status === 201 ? scenario.acknowledged : scenario.refused).push(key);
  return answer;
}

const accepted = async (scenario: Scenario, token: string, event: object): Promise<void> => {
  const answer = await post(scenario, token, event);
  expect(answer.status, answer.text).toBe(201);
};

/** A refusal with its status, kind and words (part of its message), that leaves the log as it was. */
async function refused(
  scenario: Scenario,
  token: string,
  event: object,
  [status, kind, words]: [number, string, string],
): Promise<void> {
  const before = (await logOf(scenario.store)).length;
  const answer = await post(scenario, token, event);
  expect([answer.status, answer.json?.error.kind], answer.text).toEqual([status, kind]);
  expect(answer.json.error.message).toContain(words);
  expect(await logOf(scenario.store)).toHaveLength(before);
}

/** SIGKILL the host, start a new one on the same store, and check it serves the launch as it stood. */
async function killAndRestart(scenario: Scenario, start: () => Promise<Served>): Promise<Checklist> {
  const before = withoutCountdown(await statusOf(scenario.host));
  const exited = new Promise((resolve) => scenario.host.child.once('exit', resolve));
  scenario.host.child.kill('SIGKILL');
  await exited;
  scenario.host = await start();
  const after = await statusOf(scenario.host);
  expect(withoutCountdown(after)).toEqual(before);
  return after;
}

const stepOf = (checklist: Checklist, id: string) =>
  checklist.phases.flatMap((phase) => phase.steps).find((step) => step.id === id);
const itemOf = (checklist: Checklist, id: string) =>
  checklist.phases
    .flatMap((phase) => phase.steps.flatMap((step) => step.items))
    .find((item) => item.id === id);

/** Start, pause, tick while paused, and a SIGKILL: the new host serves the launch still paused. */
async function pauseAcrossAKill(scenario: Scenario, start: () => Promise<Served>) {
  const created = await call(scenario.host, 'POST', `/launches?stream=${STREAM}`, TOKENS.launcher, {
    body: PLAN,
    headers: { 'content-type': 'text/markdown' },
  });
  expect(created.status, created.text).toBe(201);
  expect((await statusOf(scenario.host)).current).toEqual(['prepare']);
  await refused(scenario, TOKENS.lead, { type: 'launch.paused' }, [
    400,
    'InvalidEvent',
    'reason: expected string, got nothing',
  ]);
  await accepted(scenario, TOKENS.lead, { type: 'launch.paused', reason: 'payment provider incident' });
  await accepted(scenario, TOKENS.lead, { type: 'item.checked', itemId: BACKUP });
  await accepted(scenario, TOKENS.lead, { type: 'item.checked', itemId: NOTES });
  const paused = await statusOf(scenario.host);
  // The whole first phase is done, yet the launch stays in it: no phase advances while paused.
  expect(paused.phases[0]?.progress).toEqual({ done: 2, total: 2 });
  // A paused launch stands in no phase or gate (`current` is empty); resumed, it goes on from where it was.
  expect(paused).toMatchObject({ state: 'paused', current: [] });
  expect(paused.phases.map((phase) => phase.status)).toEqual(['done', 'pending']);
  expect(paused.pause).toMatchObject({ by: 'sam', reason: 'payment provider incident', count: 1 });
  expect(paused.gates[0]?.status).toBe('pending');
  await refused(scenario, TOKENS.lead, { type: 'gate.approved', gateId: GATE }, [
    409,
    'NotAcceptedInState',
    'gate.approved is not accepted in progress.paused',
  ]);
  const restarted = await killAndRestart(scenario, start);
  expect(restarted).toMatchObject({ state: 'paused', current: [] });
}

/** Resume, then skip a step and retry another where the state allows it. */
async function skipAndRetry(scenario: Scenario) {
  await refused(scenario, TOKENS.lead, { type: 'launch.resumed' }, [
    409,
    'NotAcceptedInState',
    'launch.resumed needs a reason here',
  ]);
  await accepted(scenario, TOKENS.lead, { type: 'launch.resumed', reason: 'provider back' });
  const resumed = await statusOf(scenario.host);
  expect(resumed).toMatchObject({ state: 'running', current: [GATE] });
  expect(resumed.pause).toMatchObject({ since: null, count: 1 });
  expect(resumed.gates[0]?.status).toBe('waiting');

  await refused(scenario, TOKENS.lead, { type: 'step.skipped', stepId: ANNOUNCEMENT }, [
    400,
    'InvalidEvent',
    'invalid step.skipped event:\n  reason: expected string, got nothing',
  ]);
  await accepted(scenario, TOKENS.lead, {
    type: 'step.skipped',
    stepId: ANNOUNCEMENT,
    reason: 'marketing sends it',
  });
  const skipped = await statusOf(scenario.host);
  expect(stepOf(skipped, ANNOUNCEMENT)?.items.map((item) => item.status)).toEqual(['skipped', 'skipped']);

  // Nothing failed in the smoke tests yet: there is nothing to retry.
  await refused(scenario, TOKENS.lead, { type: 'step.retried', stepId: SMOKE_STEP, reason: 'again' }, [
    409,
    'NotAcceptedInState',
    'no failed test or skipped item',
  ]);
  await accepted(scenario, TOKENS.ci, { type: 'test.failed', itemId: SMOKE, runId: 'r1' });
  expect(stepOf(await statusOf(scenario.host), SMOKE_STEP)?.status).toBe('blocked');
  await accepted(scenario, TOKENS.lead, { type: 'step.retried', stepId: SMOKE_STEP, reason: 'runner fixed' });
  const retried = await statusOf(scenario.host);
  // Its phase has not begun: reopened, the step waits for it.
  expect(stepOf(retried, SMOKE_STEP)?.status).toBe('pending');
  expect(itemOf(retried, SMOKE)).toMatchObject({ status: 'pending', evidence: 'retry', by: 'sam' });
}

/** Two distinct leads pass the gate; a second approval by the same lead and a viewer's are refused. */
async function approvals(scenario: Scenario) {
  await accepted(scenario, TOKENS.lead, { type: 'gate.approved', gateId: GATE, reason: 'backup restored' });
  const once = await statusOf(scenario.host);
  expect(once).toMatchObject({ current: [GATE] });
  expect(once.gates[0]?.status).toBe('waiting');
  await refused(scenario, TOKENS.lead, { type: 'gate.approved', gateId: GATE }, [
    403,
    'NotAllowed',
    'approvers must be distinct',
  ]);
  await refused(scenario, TOKENS.viewer, { type: 'gate.approved', gateId: GATE }, [
    403,
    'NotAllowed',
    'only lead, admin may approve it',
  ]);
  await accepted(scenario, KIM_TOKEN, { type: 'gate.approved', gateId: GATE, reason: 'notes out' });
  const passed = await statusOf(scenario.host);
  expect(passed).toMatchObject({ state: 'running', current: ['launch'] });
  expect(passed.gates[0]).toMatchObject({ status: 'go', by: 'kim' });
}

/** The log after the last restart: the acknowledged events once each, in order, and no refused one. */
async function expectTheLog(scenario: Scenario) {
  const log = await logOf(scenario.store);
  expect(log.map((envelope) => envelope.version)).toEqual(log.map((_, index) => index + 1));
  expect(log.map((envelope) => envelope.type)).toEqual([
    'launch.created',
    'launch.started',
    'launch.paused',
    'item.checked',
    'item.checked',
    'launch.resumed',
    'step.skipped',
    'test.failed',
    'step.retried',
    'gate.approved',
    'gate.approved',
    'gate.decided',
  ]);
  // After the two events of POST /launches, each acknowledged key once, in order; the last
  // approval's go is appended with it, under its key.
  const ids = log.map((envelope) => envelope.eventId);
  expect(ids.slice(2)).toEqual([...scenario.acknowledged, `${scenario.acknowledged.at(-1)}:go`]);
  for (const key of scenario.refused) expect(ids.some((id) => id.includes(key))).toBe(false);
  expect(log.at(-1)).toMatchObject({
    actor: { id: 'kim' },
    data: { decision: 'go', approvers: ['sam', 'kim'] },
  });
  // Posting an acknowledged event again after the crash writes nothing.
  const again = await call(scenario.host, 'POST', `/launches/${STREAM}/events`, KIM_TOKEN, {
    body: JSON.stringify({ type: 'gate.approved', gateId: GATE, reason: 'notes out' }),
    headers: { 'content-type': 'application/json', 'idempotency-key': scenario.acknowledged.at(-1)! },
  });
  expect(again.status, again.text).toBe(200);
  expect(await logOf(scenario.store)).toHaveLength(log.length);
}

/** The whole run on one store: `storeArgs` for `serve`, `store` to read its log, one port per process. */
async function controlsAcrossKills(storeArgs: string[], store: EventStore, ports: [number, number, number]) {
  const dir = mkdtempSync(join(tmpdir(), 'lp-controls-'));
  const starts = ports.map((port) => () => startServed(dir, storeArgs, {}, port, TOKEN_FILE));
  const scenario: Scenario = { host: await starts[0]!(), store, acknowledged: [], refused: [] };
  try {
    await pauseAcrossAKill(scenario, starts[1]!);
    await skipAndRetry(scenario);
    await approvals(scenario);
    await killAndRestart(scenario, starts[2]!);
    await expectTheLog(scenario);
  } finally {
    await scenario.host.stop();
  }
}

const PORTS: Record<ServerStoreName, [number, number, number]> = {
  PostgreSQL: [3500, 3501, 3502],
  'NATS JetStream': [3510, 3511, 3512],
};

await describeOnServerStores(
  'operator controls and approvals across SIGKILLs',
  'controls_e2e',
  (served, name) => {
    it(
      'should pause, skip, retry and pass a two-lead gate over HTTP, as it stood after each SIGKILL',
      { timeout: 90_000 },
      async () => {
        const { args, store } = served();
        await controlsAcrossKills(args, store, PORTS[name]);
      },
    );
  },
);
