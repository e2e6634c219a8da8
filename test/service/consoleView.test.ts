/**
 * The console's view of a launch, without a browser: controls offered only to whom the launch's
 * authorisation lets send them, what blocks a go in the launch's own words, overdue marks, and
 * the history said in words for every event type.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  alertFired,
  alertResolved,
  gateDecided,
  itemChecked,
  launchStarted,
  testPassed,
} from '../../src/events/factories.ts';
import { readPlanDocument } from '../../src/plan/markdown/readPlan.ts';
import { createLaunch, type Launch } from '../../src/launch/index.ts';
import { readHistory } from '../../src/service/console/history.ts';
import { renderConsoleFragment } from '../../src/service/console/render.ts';
import { consoleView } from '../../src/service/console/view.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import { right } from '../support/either.ts';

const { plan } = readPlanDocument(readFileSync(new URL('fixtures/console-plan.md', import.meta.url)), {
  id: 'checkout',
});
const admin = { id: 'lea', roles: ['admin'] };
const lead = { id: 'sam', roles: ['lead'] };
const ops = { id: 'oli', roles: ['ops'] };

const actions = (view: ReturnType<typeof consoleView>): string[] => [
  ...view.phases.flatMap((phase) =>
    phase.steps.flatMap((step) =>
      step.items.flatMap((item) =>
        item.form ? item.form.actions.map((action) => `${action.label} ${item.item.id}`) : [],
      ),
    ),
  ),
  ...view.gates.flatMap((gate) =>
    gate.form ? gate.form.actions.map((action) => `${action.label} ${gate.gate.id}`) : [],
  ),
  ...view.rollback.forms.flatMap((form) => form.actions.map((action) => action.label)),
];

async function launchAtGate(): Promise<{ launch: Launch; store: ReturnType<typeof createMemoryEventStore> }> {
  const store = createMemoryEventStore();
  const launch = right(await createLaunch({ store, stream: 'checkout', plan, actor: admin }));
  right(await launch.send(launchStarted()));
  for (const item of ['database-replicas-in-sync', 'cache-warmed-with-the-catalogue'])
    right(await launch.send(itemChecked({ itemId: `preparation/infrastructure/${item}` })));
  for (const item of ['smoke-tests-pass-on-staging', 'load-test-at-twice-the-peak-traffic'])
    right(await launch.send(testPassed({ itemId: `preparation/quality/${item}` })));
  return { launch, store };
}

describe("the console's view", () => {
  it('should offer each viewer only the controls its roles allow, on the current phase, and none to a reader', async () => {
    const { launch } = await launchAtGate();
    // At the gate: the decision and the rollback are the lead's; no phase is current, so no item control.
    expect(actions(consoleView(launch, { actor: lead, canAct: true }))).toEqual([
      'Go gate/go-no-go',
      'No-go gate/go-no-go',
      'Request a rollback',
    ]);
    expect(actions(consoleView(launch, { actor: ops, canAct: true }))).toEqual([]);
    right(await launch.send(gateDecided({ gateId: 'gate/go-no-go', decision: 'go' })));
    // In the launch phase: ops owns the traffic step; the monitoring step has no owner, so it is anyone's.
    const unowned = 'Tick launch/monitoring-thresholds/monitoring-thresholds';
    expect(actions(consoleView(launch, { actor: ops, canAct: true }))).toEqual([
      'Tick launch/open-the-traffic/dns-switched-to-checkout-v2',
      'Tick launch/open-the-traffic/launch-announced-to-the-shops',
      unowned,
    ]);
    expect(actions(consoleView(launch, { actor: lead, canAct: true }))).toEqual([
      unowned,
      'Request a rollback',
    ]);
    expect(actions(consoleView(launch, { actor: admin, canAct: false }))).toEqual([]);
    expect(actions(consoleView(launch, null))).toEqual([]);
  });

  it("should say what blocks a go in the launch's words, and nothing once it would pass", async () => {
    const { launch } = await launchAtGate();
    const gate = () => consoleView(launch, { actor: lead, canAct: true }).gates[0];
    expect(gate()).toMatchObject({
      current: true,
      blocking: null,
      criteria: [{ status: 'done' }, { status: 'done' }, { status: 'done' }, { status: 'done' }],
    });
    right(await launch.send(alertFired({ alertId: 'p99', name: 'HighLatency', severity: 'page' })));
    expect(gate()?.blocking).toBe('alert(s) open: p99');
    expect(consoleView(launch, null).alerts).toMatchObject([
      { id: 'p99', name: 'HighLatency', severity: 'page', by: 'lea' },
    ]);
    right(await launch.send(alertResolved({ alertId: 'p99' })));
    right(await launch.send(gateDecided({ gateId: 'gate/go-no-go', decision: 'go' })));
    // A decided gate blocks nothing any more.
    expect(gate()).toMatchObject({ current: false, blocking: null, gate: { status: 'go' } });
  });

  it('should mark a step overdue once its window passed, and tell every event of the log in words', async () => {
    const store = createMemoryEventStore();
    // The launch's clock moves on: a tick may not stamp a time ahead of it.
    let now = '2030-01-01T00:00:00.000Z';
    const clock = () => new Date(now);
    const launch = right(await createLaunch({ store, stream: 'checkout', plan, actor: admin, clock }));
    right(await launch.send(launchStarted({ goLiveAt: '2030-01-10T10:00:00.000Z' })));
    now = '2031-01-01T00:00:00.000Z';
    right(await launch.tick());
    const view = consoleView(launch, null);
    expect(view.phases[0]?.steps.map((step) => step.step.overdue)).toEqual([true, true]);
    const rows = await readHistory(store, 'checkout', launch.version, null, view.checklist);
    const html = renderConsoleFragment(
      plan,
      view,
      rows,
      launch.version,
      '/launches/checkout/page?history=all',
    );
    expect(html.match(/<span class="overdue">overdue<\/span>/g)?.length).toBeGreaterThanOrEqual(2);
    expect(rows.at(-1)?.text).toBe('plan recorded: Checkout v2 go-live');
    expect(rows.at(-2)?.text).toBe('launch started, go-live at 2030-01-10T10:00:00.000Z');
    expect(rows.filter((row) => row.type === 'deadline.reached').map((row) => row.text)).toContain(
      'deadline passed: Infrastructure (J+1 - J+3)',
    );
  });
});
