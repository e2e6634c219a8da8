/**
 * The console's view of a launch, without a browser: controls usable only by whom the launch's
 * authorisation lets send them (the others disabled, with the roles they need), waiving and
 * commenting, a required reason, what blocks a go in the launch's own words, overdue marks,
 * each threshold once, and the history said in words for every event type.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  alertFired,
  alertResolved,
  gateDecided,
  itemChecked,
  itemCommented,
  itemWaived,
  launchPaused,
  launchStarted,
  testPassed,
} from '../../src/events/factories.ts';
import { withApprovalPolicies } from '../../src/plan/approvals.ts';
import { readPlanDocument } from '../../src/plan/markdown/readPlan.ts';
import { createLaunch, type Launch } from '../../src/launch/index.ts';
import { readHistory } from '../../src/service/console/history.ts';
import { renderConsoleFragment } from '../../src/service/console/render.ts';
import { consoleView, thresholdLines, type Form } from '../../src/service/console/view.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import { right } from '../support/either.ts';

const { plan } = readPlanDocument(readFileSync(new URL('fixtures/console-plan.md', import.meta.url)), {
  id: 'checkout',
});
const admin = { id: 'lea', roles: ['admin'] };
const lead = { id: 'sam', roles: ['lead'] };
const ops = { id: 'oli', roles: ['ops'] };

/** The actions of a form the viewer may use, or (`usable` false) those shown disabled, with the roles they need. */
const labels = (form: Form | null, subject: string, usable: boolean): string[] =>
  (form?.actions ?? [])
    .filter((action) => (action.needs.length === 0) === usable)
    .map((action) =>
      [action.label, subject, usable ? '' : `(needs ${action.needs.join(', ')})`].filter(Boolean).join(' '),
    );

const actions = (view: ReturnType<typeof consoleView>, usable = true): string[] => [
  ...view.phases.flatMap((phase) =>
    phase.steps.flatMap((step) => step.items.flatMap((item) => labels(item.form, item.item.id, usable))),
  ),
  ...view.gates.flatMap((gate) => labels(gate.form, gate.gate.id, usable)),
  ...view.rollback.forms.flatMap((form) => labels(form, '', usable)),
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
    // What ops may not use is still shown, disabled, with the roles it needs.
    expect(actions(consoleView(launch, { actor: ops, canAct: true }), false)).toEqual([
      'Go gate/go-no-go (needs lead, admin)',
      'No-go gate/go-no-go (needs lead, admin)',
      'Request a rollback (needs lead, admin)',
    ]);
    right(await launch.send(gateDecided({ gateId: 'gate/go-no-go', decision: 'go' })));
    // In the launch phase: ops owns the traffic step; the monitoring step has no owner, so it is a lead's.
    const unowned = 'Tick launch/monitoring-thresholds/monitoring-thresholds';
    expect(actions(consoleView(launch, { actor: ops, canAct: true }))).toEqual([
      'Tick launch/open-the-traffic/dns-switched-to-checkout-v2',
      'Tick launch/open-the-traffic/launch-announced-to-the-shops',
    ]);
    expect(actions(consoleView(launch, { actor: lead, canAct: true }))).toEqual([
      unowned,
      'Request a rollback',
    ]);
    expect(actions(consoleView(launch, { actor: lead, canAct: true }), false)).toEqual([
      'Tick launch/open-the-traffic/dns-switched-to-checkout-v2 (needs ops, admin)',
      'Tick launch/open-the-traffic/launch-announced-to-the-shops (needs ops, admin)',
    ]);
    expect(actions(consoleView(launch, { actor: admin, canAct: false }))).toEqual([]);
    expect(actions(consoleView(launch, { actor: admin, canAct: false }), false)).toEqual([]);
    expect(actions(consoleView(launch, null))).toEqual([]);
  });

  it('should offer waiving with a required reason until an item is settled, and commenting to anyone signed in', async () => {
    const { launch } = await launchAtGate();
    right(await launch.send(gateDecided({ gateId: 'gate/go-no-go', decision: 'go' })));
    const dns = 'launch/open-the-traffic/dns-switched-to-checkout-v2';
    const item = () =>
      consoleView(launch, { actor: lead, canAct: true }).phases[1]?.steps[0]?.items.find(
        (view) => view.item.id === dns,
      );
    expect(item()?.waive).toMatchObject({
      id: `waive:${dns}`,
      field: { name: 'reason', required: true },
      actions: [{ label: 'Waive', event: { type: 'item.waived', itemId: dns }, needs: ['ops', 'admin'] }],
    });
    // A comment is anyone's: the lead may comment on ops' item.
    expect(item()?.comment).toMatchObject({
      field: { name: 'text', required: true },
      actions: [{ label: 'Comment', event: { type: 'item.commented', itemId: dns }, needs: [] }],
    });
    right(await launch.send(itemCommented({ itemId: dns, text: 'TTL lowered to 60 s' }), { actor: lead }));
    right(await launch.send(itemWaived({ itemId: dns, reason: 'done by the registrar' })));
    expect(item()?.item).toMatchObject({
      status: 'waived',
      comments: [{ text: 'TTL lowered to 60 s', by: 'sam' }],
    });
    expect(item()?.waive).toBeNull();
    expect(item()?.comment).not.toBeNull();
    // A comment names an item of the plan; the launch refuses one on nothing.
    const refused = await launch.send(itemCommented({ itemId: 'launch/nothing', text: 'hm' }));
    expect(refused).toMatchObject({ _tag: 'Left', left: { _tag: 'NotAcceptedInState' } });
  });

  it('should ask a reason for a go/no-go when the service requires one', async () => {
    const { launch } = await launchAtGate();
    const field = (reasonRequired: boolean) =>
      consoleView(launch, { actor: lead, canAct: true }, { reasonRequired }).gates[0]?.form?.field;
    expect(field(false)).toEqual({ name: 'reason', placeholder: 'reason' });
    expect(field(true)).toEqual({ name: 'reason', placeholder: 'reason (required)', required: true });
  });

  it('should show each threshold of a bilingual plan once, with the names it was stated under', () => {
    const { plan: bilingual } = readPlanDocument(
      readFileSync(new URL('../../examples/plans/ifha-rating-system.md', import.meta.url)),
      { id: 'ifha' },
    );
    expect(bilingual.alerts.length).toBeGreaterThan(4);
    expect(thresholdLines(bilingual.alerts)).toEqual([
      'responseTime / Temps réponse moyen / Performance validée < 200ms',
      'cacheHitRate > 85%',
      "errorRate / Taux d'erreur < 0.1%",
      'uptime / Disponibilité système >= 99.9%',
    ]);
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

  it('should offer a lead the operator controls (pause or resume, skip a step) with a reason, and approve only under a policy', async () => {
    const controls = (launch: Launch, actor: typeof lead) =>
      consoleView(launch, { actor, canAct: true }).launchForms.map((form) => [
        form.field?.name ?? null,
        ...form.actions.map((action) => action.label),
      ]);
    const store = createMemoryEventStore();
    const governed = withApprovalPolicies(plan, { '*': { approvers: 2 } });
    const launch = right(await createLaunch({ store, stream: 'controls', plan: governed, actor: admin }));
    right(await launch.send(launchStarted()));
    const [pause, ...skips] = controls(launch, lead);
    expect(pause).toEqual(['reason', 'Pause the launch']);
    expect(skips.length).toBeGreaterThan(0);
    expect(skips.every(([field, label]) => field === 'reason' && label?.startsWith('Skip '))).toBe(true);
    // Ops sees the same controls, each disabled with the role it needs.
    const needs = consoleView(launch, { actor: ops, canAct: true }).launchForms.flatMap((form) =>
      form.actions.map((action) => action.needs),
    );
    expect(needs.length).toBe(1 + skips.length);
    expect(needs.every((roles) => roles.includes('lead'))).toBe(true);
    right(await launch.send(launchPaused({ reason: 'hold' })));
    expect(controls(launch, lead)[0]).toEqual(['reason', 'Resume the launch']);
    const { launch: atGate } = await launchAtGate();
    expect(actions(consoleView(atGate, { actor: lead, canAct: true }))).not.toContain(
      'Approve gate/go-no-go',
    );
  });
});
