/** `launchplan serve`: the HTTP service (API, ingestion, console, metrics, notifications) over a launch log. */
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { formatPathErrors, toPathErrors } from '../../codecErrors.ts';
import type { ApprovalPolicies } from '../../plan/approvals.ts';
import { ApprovalPolicy } from '../../plan/model.ts';
import { formatTokenConfigError, loadTokens } from '../../service/auth.ts';
import { createLaunchService } from '../../service/handler.ts';
import { MIN_SECRET_LENGTH } from '../../service/links/token.ts';
import { formatNotifyConfigError, loadNotifyConfig } from '../../service/notify/config.ts';
import { formatCursorFileError } from '../../service/notify/cursors.ts';
import { startNotifier, type Notifier } from '../../service/notify/notifier.ts';
import { createServiceServer } from '../../service/server.ts';
import { CliExit, type CliIo } from '../io.ts';
import type { LogOptions } from '../logOptions.ts';
import { openClusterHost } from '../clusterHost.ts';
import { openStore, snapshotKey } from '../openStore.ts';
import { readerLimitsOf, type PlanLimitOptions } from '../planErrors.ts';

interface ServeOptions extends LogOptions, PlanLimitOptions {
  port: string;
  host: string;
  tokens?: string;
  open?: boolean;
  approvals?: string;
  publicPage?: boolean;
  requireReason?: boolean;
  notify?: string;
  notifyCursors?: string;
  maxConnections?: string;
  cluster?: boolean;
  advertise?: string;
  hostId?: string;
  leaseMs?: string;
  deadlineSweep: string;
}

/** Where delivery cursors live: the option, else beside a file log; a database log needs the option. */
function cursorsPath(options: ServeOptions): string {
  if (options.notifyCursors !== undefined) return resolve(options.notifyCursors);
  if (options.store !== undefined)
    throw new CliExit(
      2,
      '--notify with --store: give --notify-cursors <file> (the delivery cursors are a local file)',
    );
  const log = resolve(options.log);
  return join(extname(log) === '.jsonl' ? dirname(log) : log, 'notify-cursors.json');
}

/** The approval policies of `--approvals <file>`, or exit 2 naming the file and the bad field. */
async function readApprovalPolicies(path: string): Promise<ApprovalPolicies> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CliExit(2, `--approvals ${path}: ${(error as Error).message}`);
  }
  const decoded = t.record(t.string, ApprovalPolicy).decode(data);
  if (E.isLeft(decoded))
    throw new CliExit(2, `--approvals ${path}: ${formatPathErrors(toPathErrors(decoded.left), '; ')}`);
  return decoded.right;
}

/** LAUNCHPLAN_LINK_SECRET, which signs and checks decision links; exit 2 when it is too short to be safe. */
function readLinkSecret(): string | null {
  const secret = process.env['LAUNCHPLAN_LINK_SECRET'];
  if (secret === undefined || secret === '') return null;
  if (secret.length < MIN_SECRET_LENGTH)
    throw new CliExit(2, `LAUNCHPLAN_LINK_SECRET: use at least ${MIN_SECRET_LENGTH} random characters`);
  return secret;
}

export async function run(io: CliIo, options: ServeOptions): Promise<void> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliExit(2, `--port ${options.port}: expected a port number`);
  const tokens = await loadTokens(options.tokens !== undefined ? { file: options.tokens } : {});
  if (E.isLeft(tokens)) throw new CliExit(2, formatTokenConfigError(tokens.left));
  const notifyConfig = options.notify === undefined ? null : await loadNotifyConfig(options.notify);
  if (notifyConfig && E.isLeft(notifyConfig))
    throw new CliExit(2, formatNotifyConfigError(notifyConfig.left));
  const cursors = notifyConfig ? cursorsPath(options) : null;
  const linkSecret = readLinkSecret();
  const sweepSeconds = Number(options.deadlineSweep);
  if (!(Number.isFinite(sweepSeconds) && sweepSeconds >= 0 && sweepSeconds <= 86_400))
    throw new CliExit(2, `--deadline-sweep ${options.deadlineSweep}: expected seconds from 0 to 86400`);
  const limits = readerLimitsOf(options);
  const clustered = options.cluster ? await openClusterHost(options) : null;
  const store = clustered?.store ?? (await openStore(options)).store;
  const approvals =
    options.approvals === undefined ? undefined : await readApprovalPolicies(options.approvals);
  const service = createLaunchService({
    ...(clustered ? { cluster: clustered.cluster } : {}),
    store,
    tokens: tokens.right,
    limits: { planBytes: limits.maxBytes, planReadMs: limits.timeoutMs, planHeapMb: limits.maxHeapMb },
    snapshotKey: snapshotKey(),
    ...(sweepSeconds > 0 ? { deadlineSweepMs: Math.max(1, Math.round(sweepSeconds * 1000)) } : {}),
    ...(options.open ? { authorization: 'open' as const } : {}),
    ...(approvals ? { approvals } : {}),
    ...(options.publicPage ? { publicPage: true } : {}),
    ...(options.requireReason ? { requireDecisionReason: true } : {}),
    ...(linkSecret ? { linkSecret } : {}),
  });
  let notifier: Notifier | null = null;
  if (notifyConfig && cursors !== null) {
    const started = await startNotifier({
      store,
      config: notifyConfig.right,
      cursorsPath: cursors,
      snapshotKey: snapshotKey(),
      linkSecret,
      onAttempt: (webhook, outcome) => service.metrics.notification(webhook, outcome),
    });
    if (E.isLeft(started)) {
      await store.close();
      throw new CliExit(1, formatCursorFileError(started.left));
    }
    notifier = started.right;
  }
  const maxConnections = options.maxConnections === undefined ? undefined : Number(options.maxConnections);
  if (maxConnections !== undefined && !(Number.isInteger(maxConnections) && maxConnections > 0))
    throw new CliExit(2, `--max-connections ${options.maxConnections}: expected a positive whole number`);
  const server = createServiceServer(service, maxConnections ? { maxConnections } : {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const notifying =
    notifyConfig && E.isRight(notifyConfig)
      ? `, notifying ${notifyConfig.right.webhooks.length} webhook(s)`
      : '';
  io.out(
    `launchplan serve: listening on http://${address.address}:${address.port} (${options.store ?? options.log}, ${tokens.right.size} token(s)${notifying})`,
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await notifier?.close();
  await service.close();
  await clustered?.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await store.close();
  io.out('launchplan serve: stopped');
}
