/**
 * `launchplan rules <plan> [--metrics map.yaml] [--stream ID] [--only-mapped] [--out FILE]`: the
 * plan's thresholds as Prometheus alerting rules (docs/prometheus.md). The metric map comes from
 * the plan's front matter (a JSON or YAML plan's top-level `metrics`) and the mapping file, whose
 * entries win; thresholds without a mapping are noted on stderr and at the top of the file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import * as E from 'fp-ts/lib/Either.js';
import { parse as parseYaml } from 'yaml';
import { planAlertRules, renderRuleFile, unmappedNotes } from '../../ingest/alertRules.ts';
import {
  decodeMetricMap,
  formatBadMetricMap,
  mergeMetricMaps,
  planMetricMap,
  type MetricMap,
} from '../../ingest/metricMap.ts';
import { formatLoadError } from '../../plan/load.ts';
import { CliExit, printJson, type CliIo } from '../io.ts';
import type { JsonOption } from '../logOptions.ts';
import { loadPlan, type PlanLimitOptions } from '../planErrors.ts';

interface RulesOptions extends JsonOption, PlanLimitOptions {
  metrics?: string;
  stream?: string;
  onlyMapped?: boolean;
  out?: string;
}

async function fileMetricMap(path: string | undefined): Promise<MetricMap> {
  if (path === undefined) return new Map();
  let data: unknown;
  try {
    data = parseYaml(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CliExit(2, `--metrics ${path}: ${(error as Error).message.split('\n')[0]}`);
  }
  const map = decodeMetricMap(data, path);
  if (E.isLeft(map)) throw new CliExit(2, formatBadMetricMap(map.left));
  return map.right;
}

export async function run(io: CliIo, options: RulesOptions, path: string): Promise<void> {
  const loaded = await loadPlan(path, options);
  if (E.isLeft(loaded)) throw new CliExit(2, formatLoadError(loaded.left));
  const { plan } = loaded.right;
  const own = planMetricMap(loaded.right.format, loaded.right.source.toString('utf8'), path);
  if (E.isLeft(own)) throw new CliExit(2, formatBadMetricMap(own.left));
  const map = mergeMetricMaps(own.right, await fileMetricMap(options.metrics));
  const generated = planAlertRules(plan, map, {
    ...(options.stream !== undefined ? { stream: options.stream } : {}),
    onlyMapped: options.onlyMapped === true,
  });
  const { file, unmapped } = generated;
  const notes = unmappedNotes(unmapped);
  const yaml = renderRuleFile(plan, generated, `launchplan rules ${path}`);
  if (options.out !== undefined) {
    try {
      await writeFile(options.out, yaml);
    } catch (error) {
      throw new CliExit(2, `cannot write ${options.out}: ${(error as Error).message}`);
    }
  }
  const rules = file.groups[0]?.rules.length ?? 0;
  if (options.json)
    printJson(io, {
      plan: plan.id,
      planHash: plan.hash,
      rules,
      unmapped,
      ...(options.out !== undefined ? { file: options.out } : { yaml }),
    });
  else {
    if (options.out === undefined) io.out(yaml);
    for (const note of notes) io.err(`${path}: ${note}`);
    if (options.out !== undefined) io.out(`${options.out}: ${rules} rule(s)`);
  }
}
