/**
 * Hostile plans benchmark (`npm run bench -- hostile`), two parts:
 *
 * 1. Parse time per KB for each adversarial shape the reader still parses (every shape within the
 *    limits of src/plan/markdown/limits.ts), at three sizes up to the service's 512 KiB limit,
 *    next to a plain generated plan of the same size (the baseline, in the same run). `growth` is
 *    the exponent of time against size between the two largest: 1 is linear, 2 is quadratic. A
 *    size whose read passes SHAPE_DEADLINE_MS ends that shape's larger sizes.
 * 2. The linear edit map (src/plan/markdown/linearEdits.ts) against micromark's own, in the same
 *    run: headings under lists, and a plain plan, parsed with each.
 * 3. `/healthz` latency while the slowest shape is posted to a running service (read in its worker
 *    pool), against `/healthz` on an idle service, and against the time the same plan takes to
 *    read on the event loop: how long a server reading plans in-process would have stopped answering.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { EditMap } from 'micromark-util-edit-map';
import { linearConsume, originalConsume } from '../src/plan/markdown/linearEdits.ts';
import { readPlanMarkdown } from '../src/plan/markdown/readPlan.ts';
import { parseMarkdown } from '../src/plan/markdown/parse.ts';
import { createLaunchService } from '../src/service/handler.ts';
import { createMemoryEventStore } from '../src/store/index.ts';
import { generatePlanMarkdown } from './generatePlan.ts';
import { progress, round } from './measure.ts';

const KIB = 1024;
const SIZES_KB = [32, 128, 512];
const SHAPE_DEADLINE_MS = 20_000;
const TOKEN = 'bench-hostile-token';

/** Repeats `unit` until the text holds `bytes` (a header line first, so the text is a plan). */
const fill = (bytes: number, unit: string, header = '# Plan\n## Work\n'): string =>
  header +
  unit.repeat(Math.max(1, Math.floor((bytes - Buffer.byteLength(header)) / Buffer.byteLength(unit))));

/** A normal plan (phases, steps, task items, code blocks) of about `bytes`. */
function plainPlan(bytes: number): string {
  let items = 1;
  let text = generatePlanMarkdown(4, 4, items);
  while (Buffer.byteLength(text) < bytes)
    text = generatePlanMarkdown(4, 4, (items += Math.max(1, Math.floor(items / 4))));
  return text;
}

/** Each shape just within the limits (32 levels, 1,000 marks on a line, 200 lazy lines). */
const SHAPES: Record<string, (bytes: number) => string> = {
  plain: plainPlan,
  emphasisRuns: (bytes) => fill(bytes, `- [ ] ${'*a'.repeat(990)}\n`),
  underscoreRuns: (bytes) => fill(bytes, `- [ ] ${'_a'.repeat(990)}\n`),
  openBrackets: (bytes) => fill(bytes, `- [ ] ${'[a'.repeat(990)}\n`),
  headingsUnderLists: (bytes) => fill(bytes, '## H\n- [ ] a\n', '# Plan\n'),
  headingsOnly: (bytes) => fill(bytes, '## H\n', '# Plan\n'),
  listsNested32: (bytes) =>
    fill(bytes, `${Array.from({ length: 32 }, (_, depth) => `${'  '.repeat(depth)}- [ ] a`).join('\n')}\n\n`),
  quotesNested32: (bytes) => fill(bytes, `${'>'.repeat(32)} - [ ] a\n`),
  lazyQuotes200: (bytes) => fill(bytes, `${'> a\nb\n'.repeat(100)}\n`),
  tableRows: (bytes) =>
    fill(bytes, '| a | b | ✅ |\n', '# Plan\n## Work\n| Task | Owner | Status |\n| --- | --- | --- |\n'),
};

function timed(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

interface ShapeFigures {
  sizes: { kb: number; rawParseMs: number; readMs: number; readMsPerKb: number }[];
  growth: number | null;
  stoppedAtKb?: number;
}

function measureShape(name: string, make: (bytes: number) => string): ShapeFigures {
  const sizes: ShapeFigures['sizes'] = [];
  let stoppedAtKb: number | undefined;
  for (const kb of SIZES_KB) {
    const text = make(kb * KIB);
    const actualKb = Buffer.byteLength(text) / KIB;
    // One warm-up on the small size; large sizes run once (they are long enough to time).
    if (kb === SIZES_KB[0]) readPlanMarkdown(text);
    const rawParseMs = timed(() => parseMarkdown(text));
    const readMs = timed(() => readPlanMarkdown(text));
    progress(
      `${name} ${actualKb.toFixed(0)} KB: raw ${rawParseMs.toFixed(0)} ms, read ${readMs.toFixed(0)} ms`,
    );
    sizes.push({
      kb: round(actualKb),
      rawParseMs: round(rawParseMs),
      readMs: round(readMs),
      readMsPerKb: round(readMs / actualKb),
    });
    if (readMs > SHAPE_DEADLINE_MS) {
      stoppedAtKb = kb;
      break;
    }
  }
  // Between the two largest sizes: the smallest is still warming the JIT up.
  const [before, last] = sizes.slice(-2);
  const growth =
    before && last ? round(Math.log(last.readMs / before.readMs) / Math.log(last.kb / before.kb)) : null;
  return { sizes, growth, ...(stoppedAtKb ? { stoppedAtKb } : {}) };
}

function get(
  port: number,
  path: string,
  method = 'GET',
  body?: string,
): Promise<{ status: number; ms: number; text: string }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { authorization: `Bearer ${TOKEN}` };
    if (body !== undefined)
      Object.assign(headers, { 'content-type': 'text/markdown', 'content-length': Buffer.byteLength(body) });
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          ms: performance.now() - start,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

function latencyFigures(latencies: number[]): { count: number; p50Ms: number; p99Ms: number; maxMs: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? Number.NaN),
  };
}

/** `/healthz`, one request after another every 10 ms, until `until` settles (or `count` requests). */
async function pollHealth(port: number, until: Promise<unknown> | null, count = 200): Promise<number[]> {
  const latencies: number[] = [];
  let settled = false;
  void until?.finally(() => (settled = true));
  while (until ? !settled : latencies.length < count) {
    latencies.push((await get(port, '/healthz')).ms);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return latencies;
}

/** Parse time with micromark's own edit map over the linear one, on the shape it was made for. */
function editMapFigures(): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const [name, kb] of [
    ['headingsUnderLists', 64],
    ['plain', 256],
  ] as const) {
    const text = SHAPES[name]!(kb * KIB);
    progress(`edit map: ${name} ${kb} KB, micromark's consume then the linear one`);
    EditMap.prototype.consume = originalConsume;
    const originalMs = timed(() => parseMarkdown(text));
    EditMap.prototype.consume = linearConsume;
    const linearMs = timed(() => parseMarkdown(text));
    Object.assign(figures, {
      [`${name}${kb}KbOriginalMs`]: round(originalMs),
      [`${name}${kb}KbLinearMs`]: round(linearMs),
      [`${name}${kb}KbOriginalOverLinear`]: round(originalMs / linearMs),
    });
  }
  return figures;
}

async function healthWhilePosting(plan: string): Promise<Record<string, unknown>> {
  const service = createLaunchService({
    store: createMemoryEventStore(),
    tokens: [{ token: TOKEN, actor: 'bench', roles: ['launcher'] }],
  });
  const server = createServer(service);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  try {
    progress('healthz: idle service');
    const idle = latencyFigures(await pollHealth(port, null));
    progress(`healthz: while a ${(plan.length / KIB).toFixed(0)} KB plan is posted`);
    const posted = get(port, '/launches?stream=hostile&start=false', 'POST', plan);
    const during = latencyFigures(await pollHealth(port, posted));
    const answer = await posted;
    const kind =
      answer.status >= 400 ? (JSON.parse(answer.text) as { error: { kind: string } }).error.kind : null;
    return {
      idle,
      duringPost: during,
      post: { status: answer.status, kind, ms: round(answer.ms) },
      duringOverIdleP99: round(during.p99Ms / idle.p99Ms),
    };
  } finally {
    await service.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const shapes: Record<string, ShapeFigures> = {};
  for (const [name, make] of Object.entries(SHAPES)) shapes[name] = measureShape(name, make);
  const plainPerKb = shapes['plain']!.sizes.at(-1)!.readMsPerKb;
  const overPlain = Object.fromEntries(
    Object.entries(shapes).map(([name, figures]) => [
      name,
      round(figures.sizes.at(-1)!.readMsPerKb / plainPerKb),
    ]),
  );
  // The slowest shape per KB at its largest size is the one posted while /healthz is polled.
  const [slowest] = Object.entries(overPlain).sort((a, b) => b[1] - a[1])[0]!;
  const plan = SHAPES[slowest]!(shapes[slowest]!.sizes.at(-1)!.kb * KIB);
  progress(`healthz: ${slowest} read on the event loop, for comparison`);
  const onEventLoopMs = round(timed(() => readPlanMarkdown(plan)));
  const health = await healthWhilePosting(plan);
  return {
    sizesKb: SIZES_KB,
    shapes,
    readPerKbOverPlain: overPlain,
    editMap: editMapFigures(),
    healthz: {
      shape: slowest,
      planKb: round(plan.length / KIB),
      readOnEventLoopMs: onEventLoopMs,
      ...health,
    },
  };
}
