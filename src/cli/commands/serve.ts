/** `launchplan serve`: the HTTP service (API, ingestion, live status page) over a launch log. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as E from 'fp-ts/lib/Either.js';
import { formatTokenConfigError, loadTokens } from '../../service/auth.ts';
import { createLaunchService } from '../../service/handler.ts';
import { CliExit, type CliIo } from '../io.ts';
import type { LogOptions } from '../logOptions.ts';
import { openStore, snapshotKey } from '../openStore.ts';

interface ServeOptions extends LogOptions {
  port: string;
  host: string;
  tokens?: string;
  open?: boolean;
}

export async function run(io: CliIo, options: ServeOptions): Promise<void> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliExit(2, `--port ${options.port}: expected a port number`);
  const tokens = await loadTokens(options.tokens !== undefined ? { file: options.tokens } : {});
  if (E.isLeft(tokens)) throw new CliExit(2, formatTokenConfigError(tokens.left));
  const { store } = await openStore(options);
  const service = createLaunchService({ store, tokens: tokens.right, snapshotKey: snapshotKey(), ...(options.open ? { authorization: 'open' as const } : {}) });
  const server = createServer(service);
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  io.out(`launchplan serve: listening on http://${address.address}:${address.port} (${options.store ?? options.log}, ${tokens.right.size} token(s))`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await service.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await store.close();
  io.out('launchplan serve: stopped');
}
