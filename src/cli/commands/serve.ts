/** `launchplan serve`: the HTTP service (API, ingestion, live status page) over a launch log. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { loadTokens } from '../../service/auth.ts';
import { createLaunchService } from '../../service/handler.ts';
import { CliExit, type CliIo } from '../io.ts';
import { openStore, withLogOptions, type LogOptions } from '../launchOptions.ts';

interface ServeOptions extends LogOptions {
  port: string;
  host: string;
  tokens?: string;
  open?: boolean;
}

export function registerServe(program: Command, io: CliIo): void {
  withLogOptions(program.command('serve').description('serve launches over HTTP: API, Alertmanager and JUnit ingestion, live status page (docs/service.md)'))
    .option('--port <port>', 'TCP port (0: any free port)', '8080')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--tokens <file>', 'bearer tokens (JSON); default: the LAUNCHPLAN_TOKENS variable')
    .option('--open', "do not require items' owners (authorization policy 'open')")
    .action(async (options: ServeOptions) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliExit(2, `--port ${options.port}: expected a port number`);
      const tokens = await loadTokens(options.tokens !== undefined ? { file: options.tokens } : {});
      if (E.isLeft(tokens)) throw new CliExit(2, tokens.left);
      const { store } = await openStore(options);
      const service = createLaunchService({ store, tokens: tokens.right, ...(options.open ? { authorization: 'open' as const } : {}) });
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
    });
}
