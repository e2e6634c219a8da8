/**
 * The statechart drawn on the console follows the launch: the active phase or gate, the health
 * region and the rollback states are outlined as the events arrive.
 */
import { describe, expect, it } from 'vitest';
import {
  alertFired,
  alertResolved,
  launchAborted,
  launchStarted,
  rollbackRequested,
} from '../../src/events/factories.ts';
import { createLaunch, type Launch } from '../../src/launch/index.ts';
import { chartNodes, regionLanes, renderChartSvg } from '../../src/service/statusChart.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import { readExample, type ExampleId } from '../support/examples.ts';
import { right } from '../support/either.ts';

const lead = { id: 'lead', roles: ['admin'] };

const launchOf = async (id: ExampleId): Promise<Launch> =>
  right(
    await createLaunch({
      store: createMemoryEventStore(),
      stream: id,
      plan: readExample(id).plan,
      actor: lead,
    }),
  );

/** The ids of the outlined states, in drawing order. */
const active = (launch: Launch): string[] => {
  const svg = renderChartSvg(chartNodes(launch.plan, launch.checklist()), regionLanes(launch.checklist()));
  return [...svg.matchAll(/<g class="node [a-z]+ active" data-id="([^"]+)"/g)].map(
    (match) => match[1] as string,
  );
};

describe('the console statechart', () => {
  it('should outline the running phase with the health and rollback states as events arrive', async () => {
    const launch = await launchOf('mbayar-go-live');
    const checklistPhase = launch.plan.phases[0]?.id as string;
    expect(active(launch)).toEqual(['ready', 'healthy']);
    right(await launch.send(launchStarted()));
    expect(active(launch)).toEqual([checklistPhase, 'healthy']);

    right(await launch.send(alertFired({ alertId: 'api-latency' })));
    expect(active(launch)).toEqual([checklistPhase, 'degraded']);
    right(await launch.send(alertResolved({ alertId: 'api-latency' })));
    expect(active(launch)).toEqual([checklistPhase, 'healthy']);

    right(await launch.send(rollbackRequested({ reason: 'payment callbacks fail' })));
    expect(active(launch)).toEqual(['healthy', 'rolling-back']);
    right(await launch.send(launchAborted({ reason: 'postponed' })));
    expect(active(launch)).toEqual(['healthy', 'aborted']);
  });

  it('should end a plan with a continuous phase in operating, and draw every phase and gate in order', async () => {
    const launch = await launchOf('etika-platform');
    const nodes = chartNodes(launch.plan, launch.checklist());
    expect(nodes.at(-1)).toMatchObject({ id: 'operating', kind: 'end', status: 'pending' });
    expect(nodes.filter((node) => node.kind === 'phase').map((node) => node.id)).toEqual(
      launch.plan.phases.map((phase) => phase.id),
    );
    expect(nodes.filter((node) => node.kind === 'gate')).toHaveLength(launch.plan.gates.length);
  });

  it('should escape what the plan writes in its titles', () => {
    const svg = renderChartSvg([
      { id: 'x"y', label: '<script>alert(1)</script> & co', kind: 'phase', status: 'active' },
    ]);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('data-id="x&quot;y"');
  });
});
