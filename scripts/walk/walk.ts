/**
 * `npm run walk [-- <repository root>]`: follows one launch from `createLaunch` to its checklist
 * (create, start, check one item, derive the checklist) and lists the folders of src/ it passes
 * through, in the order a reader meets them: every function of src/ is noted the first time it
 * runs (the module hooks in `hook.mjs` add the note), consecutive functions of one folder are one
 * visit, and each change of folder is a crossing. It also lists which folder calls into which
 * (the caller is the nearest function of src/ on the stack): a call back into a folder that
 * calls the callee's folder would be a cycle. docs/architecture.md quotes the result.
 */
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(process.argv[2] ?? '.');
const sources = resolve(root, 'src');
register('./hook.mjs', import.meta.url, { data: { sources } });

interface Step {
  file: string;
  name: string;
  line: number;
  /** The file of the nearest function of src/ that called it, if any. */
  caller: string | undefined;
}

/** The file of src/ the calling frame of a note runs in: the first frame past the note's own function. */
function callerFile(stack: string | undefined): string | undefined {
  const files = [...(stack ?? '').matchAll(/\(?(file:\/\/[^\s)]+?):\d+:\d+\)?$/gm)]
    .map((match) => fileURLToPath(match[1] ?? ''))
    .filter((path) => path.startsWith(`${sources}/`));
  // files[0] is the noted function itself (the note's own frame is walk.ts, outside src/).
  const caller = files[1];
  return caller === undefined ? undefined : relative(sources, caller);
}
const seen = new Set<string>();
const steps: Step[] = [];
let tracing = false;
(globalThis as { __walk?: (file: string, name: string, line: number) => void }).__walk = (
  file,
  name,
  line,
) => {
  const key = `${file}:${line}`;
  if (!tracing || seen.has(key)) return;
  seen.add(key);
  steps.push({ file, name, line, caller: callerFile(new Error().stack) });
};

/** What the walk needs of the package's main entry point (the same names before and after issue 21). */
interface Api {
  readPlanMarkdown(
    text: string,
    options: { id: string },
  ): { phases: { steps: { items: { id: string; done: boolean }[] }[] }[] };
  createMemoryEventStore(): unknown;
  createLaunch(options: object): Promise<{ _tag: string; right?: Launch }>;
  launchStarted(data?: object): object;
  itemChecked(data: { itemId: string }): object;
}
interface Launch {
  send(event: object): Promise<{ _tag: string }>;
  checklist(): unknown;
}

const api = (await import(pathToFileURL(resolve(sources, 'index.ts')).href)) as Api;
const text = readFileSync(resolve(root, 'examples/plans/mbayar-go-live.md'), 'utf8');
const plan = api.readPlanMarkdown(text, { id: 'mbayar-go-live' });
const item = plan.phases
  .flatMap((phase) => phase.steps.flatMap((step) => step.items))
  .find((candidate) => !candidate.done);
const store = api.createMemoryEventStore();
const events = [api.launchStarted(), api.itemChecked({ itemId: item?.id ?? '' })];

tracing = true;
const created = await api.createLaunch({
  store,
  stream: 'walk',
  plan,
  actor: { id: 'lead', roles: ['admin'] },
});
const launch = created.right;
if (!launch || !item) throw new Error(`walk: the launch did not start: ${JSON.stringify(created)}`);
for (const event of events) {
  const sent = await launch.send(event);
  if (sent._tag !== 'Right') throw new Error(`walk: refused: ${JSON.stringify(sent)}`);
}
launch.checklist();
tracing = false;

const folderOf = (file: string): string => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '.');
const visits: { folder: string; files: string[] }[] = [];
for (const step of steps) {
  const folder = folderOf(step.file);
  const last = visits.at(-1);
  if (last?.folder === folder) {
    if (!last.files.includes(step.file)) last.files.push(step.file);
  } else visits.push({ folder, files: [step.file] });
}
const bounces = visits.filter((visit, index) => index >= 2 && visits[index - 2]?.folder === visit.folder);
const calls = new Map<string, number>();
/** Each function entered from another folder, and from which file. */
const entries: string[] = [];
for (const step of steps) {
  const from = step.caller === undefined ? undefined : folderOf(step.caller);
  const to = folderOf(step.file);
  if (from === undefined || from === to) continue;
  calls.set(`${from} -> ${to}`, (calls.get(`${from} -> ${to}`) ?? 0) + 1);
  entries.push(`${step.caller ?? ''} -> ${step.file} ${step.name}`);
}
const cycles = [...calls.keys()].filter((edge) => {
  const [from, to] = edge.split(' -> ');
  return calls.has(`${to} -> ${from}`);
});
const perFolder: Record<string, number> = {};
for (const visit of visits) perFolder[visit.folder] = (perFolder[visit.folder] ?? 0) + 1;
process.stdout.write(
  `${JSON.stringify(
    {
      root,
      functions: steps.length,
      crossings: visits.length - 1,
      bounces: bounces.length,
      visitsPerFolder: perFolder,
      calls: Object.fromEntries([...calls].sort()),
      cycles,
      entries,
      walk: visits.map((visit) => `${visit.folder}: ${visit.files.join(', ')}`),
    },
    null,
    2,
  )}\n`,
);
