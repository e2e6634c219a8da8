/**
 * The commands of `launchplan`, declared without their implementations. Each action loads its
 * command module (`commands/<name>.ts`) only when it runs, so `launchplan --version` loads this
 * file and commander, `status` never loads the Markdown reader, and only `--store` loads a
 * PostgreSQL or NATS client (see docs/benchmarks.md, "The command").
 */
import { Command } from 'commander';
import { DEFAULT_READER_LIMITS } from '../plan/bounded/defaults.ts';
import type { CliIo } from './io.ts';
import { checkLogOptions, withJson, withLogOptions } from './logOptions.ts';

/** What a command module exports: its implementation, given the parsed arguments. */
export interface CommandModule {
  run(io: CliIo, options: never, ...args: string[]): Promise<void>;
}

/** An action that loads the command's module and runs it with commander's parsed input. */
function lazy(io: CliIo, load: () => Promise<CommandModule>) {
  return async (...params: unknown[]): Promise<void> => {
    const command = params[params.length - 1] as Command;
    checkLogOptions(command);
    const module = await load();
    await module.run(io, command.opts<never>(), ...(command.processedArgs as string[]));
  };
}

const PLAN_ARGUMENT = 'plan file (Markdown, JSON or YAML)';

/** Builds the program with every command wired to the given output. */
export function buildProgram(io: CliIo, version: string): Command {
  const program = new Command('launchplan')
    .description('Turn Markdown launch plans into executable, event-sourced statecharts.')
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) });

  withJson(
    program
      .command('inspect')
      .description('read a plan and print it as a tree (with item ids), JSON or stats')
      .argument('<plan>', PLAN_ARGUMENT),
  )
    .option('--stats', 'print counts (phases, steps, items, checkboxes, checked)')
    .option(
      '--explain',
      'print what each section and table was read as, and why (which words, which columns)',
    )
    .action(lazy(io, () => import('./commands/inspect.ts')));

  withJson(
    program
      .command('compile')
      .description(
        'compile a plan into an XState v5 machine: ID.machine.ts (literal createMachine), ID.json (config) and ID.mmd (Mermaid)',
      )
      .argument('<plan>', PLAN_ARGUMENT),
  )
    .option('-o, --out <dir>', 'output directory', '.')
    .action(lazy(io, () => import('./commands/compile.ts')));

  withJson(
    program
      .command('lint')
      .description(
        'check the compiled statechart of a plan: unreachable or dead-end states, gates without criteria, empty phases, no rollback, steps without owner',
      )
      .argument('<plan>', PLAN_ARGUMENT),
  ).action(lazy(io, () => import('./commands/lint.ts')));

  withJson(
    program
      .command('testgen')
      .description(
        "generate test paths covering every transition of the plan's statechart; --out writes a test file on launchplan/testing's createLaunchTestModel",
      )
      .argument('<plan>', PLAN_ARGUMENT),
  )
    .option('-o, --out <file>', 'write a test file (.ts, .js or .mjs) that runs under Vitest and node --test')
    .action(lazy(io, () => import('./commands/testgen.ts')));

  withJson(
    program
      .command('rules')
      .description(
        "write Prometheus alerting rules from the plan's thresholds, labelled so Alertmanager's webhook brings each alert back to its threshold (docs/prometheus.md)",
      )
      .argument('<plan>', PLAN_ARGUMENT),
  )
    .option(
      '--metrics <file>',
      'YAML mapping the plan\'s metric names (or threshold ids) to PromQL: metrics: { "Error rate": "<expr>" }',
    )
    .option('--stream <id>', 'the launch the rules are for: adds the launchplan_stream label')
    .option(
      '--only-mapped',
      'leave out thresholds without a mapping (default: read a metric named after them)',
    )
    .option('-o, --out <file>', 'write the rules to a file instead of stdout')
    .action(lazy(io, () => import('./commands/rules.ts')));

  withJson(
    withLogOptions(
      program
        .command('start')
        .description('start a launch of a plan: record the plan in the log, then launch.started')
        .argument('<plan>', PLAN_ARGUMENT),
      { actor: true },
    ),
  )
    .option('--go-live <time>', 'go-live time (ISO 8601): anchors the T-2h … T+1h windows')
    .action(lazy(io, () => import('./commands/start.ts')));

  withJson(
    withLogOptions(
      program
        .command('send')
        .description(
          'send an event (item.checked, test.failed, gate.decided, launch.paused, step.skipped …) to a launch',
        )
        .argument('<type>', 'event type, see docs/events.md'),
      { actor: true },
    ),
  )
    .option('--item <id>', 'the item the event is about (itemId; `inspect` shows the ids)')
    .option('--step <id>', 'the step a control is about (stepId: step.skipped, step.retried)')
    .option('--reason <text>', 'why (required by launch.paused, step.skipped, step.retried, ending a pause)')
    .option('--data <json>', 'the other fields of the event, as a JSON object')
    .option('--event-id <id>', 'idempotence key: the same id is written once')
    .action(lazy(io, () => import('./commands/send.ts')));

  withJson(
    withLogOptions(
      program.command('status').description('show where a launch stands: progress, items, gates, blockers'),
    ),
  )
    .option('--markdown', 'print the original plan with its boxes set from the log')
    .option('--at <version|time>', 'the launch as it was at a version or an ISO time')
    .option('--all', 'list every item, not only open ones')
    .action(lazy(io, () => import('./commands/status.ts')));

  withJson(
    withLogOptions(program.command('log').description('list the events of a launch')),
    'one JSON envelope per line',
  )
    .option('--from <version>', 'first version', '1')
    .action(lazy(io, () => import('./commands/log.ts')));

  withJson(
    withLogOptions(
      program
        .command('verify')
        .description('check the hash chain of a launch log and name the first bad version'),
    ),
  )
    .option(
      '--deep',
      'also replay the whole log (events the statechart refuses are reported) and check the stored snapshot against it',
    )
    .action(lazy(io, () => import('./commands/verify.ts')));

  withJson(
    withLogOptions(
      program
        .command('replay')
        .description(
          'rebuild a launch from its log from scratch (verifying the chain); --check-plan tests an edited plan against it',
        ),
    ),
  )
    .option('--check-plan <plan>', 'report whether an edited plan accepts this log')
    .action(lazy(io, () => import('./commands/replay.ts')));

  withJson(
    withLogOptions(
      program
        .command('revise')
        .description('move a running launch to an edited plan (plan.revised), carrying item statuses by id')
        .argument('<plan>', 'the edited plan'),
      { actor: true },
    ),
  )
    .option('--reason <text>', 'why the plan changed')
    .action(lazy(io, () => import('./commands/revise.ts')));

  withJson(
    withLogOptions(
      program
        .command('tick')
        .description(
          'list the plan windows that have passed with their step not done; --write appends their deadline.reached',
        ),
    ),
  )
    .option(
      '--now <time>',
      'the time to check against (default: now; --write refuses one ahead of the clock)',
    )
    .option('--dry-run', 'only list the deadlines that have passed (the default)')
    .option('--write', 'append deadline.reached for each of them to the log')
    .action(lazy(io, () => import('./commands/tick.ts')));

  withJson(
    withLogOptions(
      program
        .command('calendar')
        .description(
          'the dated windows and go-live as iCalendar: of the launch in the log, or of a plan file with --start and --go-live',
        )
        .argument('[plan]', 'a plan file instead of a launch in the log'),
    ),
    'print the calendar entries as JSON',
  )
    .option('--start <time>', 'with a plan: when the launch starts (default: now)')
    .option('--go-live <time>', 'with a plan: when it goes live (anchors T-2h … T+1h)')
    .option('-o, --out <file>', 'write the .ics file instead of printing it')
    .action(lazy(io, () => import('./commands/calendar.ts')));

  withJson(
    program
      .command('demo')
      .description(
        'play a realistic launch of each example plan into a file log, then replay it in a second process',
      ),
    'print { logDir, launches: [{ file, plan, stream, version, state, identical }] } (the story goes to stderr)',
  )
    .option('--plans <dir>', 'folder of plans to launch (default: the example plans)')
    .option('--log <dir>', 'where to write the logs (default: a new temporary folder)')
    .option('--full', 'print the final checklist of each launch')
    .action(lazy(io, () => import('./commands/demo.ts')));

  withLogOptions(
    program
      .command('serve')
      .description(
        'serve launches over HTTP: API, Alertmanager and JUnit ingestion, the launch console, /metrics, webhook notifications (docs/service.md)',
      ),
  )
    .option('--port <port>', 'TCP port (0: any free port)', '8080')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--tokens <file>', 'bearer tokens (JSON); default: the LAUNCHPLAN_TOKENS variable')
    .option('--open', "do not require items' owners (authorization policy 'open')")
    .option(
      '--approvals <file>',
      'approval policies of gates (JSON: gate id, title or "*" → { roles, approvers, launcherMayApprove, ownersMayApprove })',
    )
    .option(
      '--public-page',
      'let anyone read launch pages and follow them live without signing in (read only)',
    )
    .option('--require-reason', 'refuse a go/no-go that gives no reason (422 ReasonRequired)')
    .option('--notify <file>', 'webhooks to notify (JSON, docs/service.md#notifications)')
    .option(
      '--notify-cursors <file>',
      'where delivery cursors are kept (default: notify-cursors.json in the --log directory)',
    )
    .option('--max-connections <n>', 'connections held at once; more are closed (default 1024)')
    .option(
      '--cluster',
      'one of several hosts on one --store: a lease per launch, writes forwarded to its owner',
    )
    .option('--advertise <url>', 'with --cluster on PostgreSQL: the URL other hosts reach this one at')
    .option('--host-id <id>', "with --cluster: this host's name in leases (default: hostname-pid)")
    .option(
      '--lease-ms <ms>',
      'with --cluster: lease time to live, how long writes wait for a dead owner (default 5000)',
    )
    .option(
      '--deadline-sweep <seconds>',
      'append deadline.reached and gate.timedOut that are due in every launch at start and every this many seconds (0: never)',
      '30',
    )
    .action(lazy(io, () => import('./commands/serve.ts')));

  for (const name of [
    'inspect',
    'compile',
    'lint',
    'testgen',
    'rules',
    'start',
    'revise',
    'replay',
    'serve',
    'calendar',
  ]) {
    const command = program.commands.find((candidate) => candidate.name() === name);
    if (command) withPlanLimits(command);
  }
  return program;
}

/** Adds the flags that raise the plan reader's limits (docs/cli.md, "Limits"). */
function withPlanLimits(command: Command): Command {
  return command
    .option('--max-plan-bytes <bytes>', `largest plan read (default ${DEFAULT_READER_LIMITS.maxBytes})`)
    .option(
      '--plan-timeout <ms>',
      `longest a plan may take to read (default ${DEFAULT_READER_LIMITS.timeoutMs})`,
    )
    .option(
      '--plan-memory <MiB>',
      `heap the plan reader may use (default ${DEFAULT_READER_LIMITS.maxHeapMb})`,
    );
}
