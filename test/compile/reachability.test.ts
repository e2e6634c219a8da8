import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../src/compile/config.ts';
import { configGraph, pathText, reachableStates } from '../../src/compile/graph.ts';
import { loadExamples } from './drive.ts';

const examples = await loadExamples();

describe('reachability of compiled states', () => {
  it.each(examples.map((example) => [example.name, example] as const))(
    '%s: every state of the compiled machine is reachable',
    (_name, example) => {
      const graph = configGraph(example.config);
      const reached = reachableStates(graph);
      const unreachable = graph.nodes.filter((node) => !reached.has(node)).map((node) => pathText(node.path));
      expect(unreachable).toEqual([]);
      expect(graph.nodes.length).toBeGreaterThan(20);
    },
  );

  it('should report a state that nothing enters', () => {
    const config = structuredClone(examples[0]!.config);
    config.states!['progress']!.states!['orphan'] = { on: { 'launch.started': { target: 'running' } } };
    const graph = configGraph(config);
    const reached = reachableStates(graph);
    expect(graph.nodes.filter((node) => !reached.has(node)).map((node) => pathText(node.path))).toEqual([
      'progress.orphan',
    ]);
  });

  it("should reach a gate's held state only through its no-go transition", () => {
    const { config } = compilePlan(examples.find((example) => example.name === 'mbayar-go-live')!.plan);
    const running = config.states!['progress']!.states!['running']!;
    const gateKey = Object.keys(running.states!).find((key) => running.states![key]!.meta?.kind === 'gate')!;
    const gate = running.states![gateKey]!;
    gate.on = {
      'gate.decided': (gate.on!['gate.decided'] as { target?: string }[]).filter((t) => t.target !== '.held'),
    };
    const graph = configGraph(config);
    const reached = reachableStates(graph);
    expect(graph.nodes.filter((node) => !reached.has(node)).map((node) => pathText(node.path))).toEqual([
      `progress.running.${gateKey}.held`,
    ]);
  });

  it('should refuse a config whose target does not resolve', () => {
    const config = structuredClone(examples[0]!.config);
    config.states!['progress']!.states!['ready']!.on!['launch.started'] = { target: 'nowhere' };
    expect(() => configGraph(config)).toThrow(/target "nowhere"/);
  });
});
