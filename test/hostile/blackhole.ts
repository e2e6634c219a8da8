/**
 * A TCP proxy on loopback that can turn into a black hole: it forwards between its clients and a
 * target until `blackhole()`, then accepts connections and swallows every byte both ways without
 * closing anything (a network that stops answering, not one that refuses). `heal()` makes new
 * connections forward again; the connections that were swallowed stay silent for good, as after a
 * real partition whose connection state is lost, until their owner gives up on them.
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface BlackholeProxy {
  /** The proxy's loopback port. */
  readonly port: number;
  /** Connections are swallowed from now on, open ones included. */
  blackhole(): void;
  /** New connections forward again; swallowed ones stay swallowed. */
  heal(): void;
  /** Connections currently forwarding. */
  forwarding(): number;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (a `host:port` on loopback). */
export async function startBlackholeProxy(
  targetPort: number,
  targetHost = '127.0.0.1',
): Promise<BlackholeProxy> {
  let swallowing = false;
  const open = new Set<{ client: Socket; upstream: Socket | null; dead: boolean }>();
  const server: Server = createServer((client) => {
    const link = { client, upstream: null as Socket | null, dead: swallowing };
    open.add(link);
    client.on('error', () => undefined);
    client.on('close', () => {
      open.delete(link);
      if (!link.dead) link.upstream?.destroy();
    });
    if (link.dead) {
      client.on('data', () => undefined);
      return;
    }
    const upstream = connect({ host: targetHost, port: targetPort });
    link.upstream = upstream;
    upstream.on('error', () => client.destroy());
    upstream.on('data', (chunk: Buffer) => link.dead || client.write(chunk));
    client.on('data', (chunk: Buffer) => link.dead || upstream.write(chunk));
    upstream.on('close', () => link.dead || client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    blackhole() {
      swallowing = true;
      for (const link of open) link.dead = true;
    },
    heal() {
      swallowing = false;
    },
    forwarding: () => [...open].filter((link) => !link.dead).length,
    async close() {
      for (const link of open) {
        link.client.destroy();
        link.upstream?.destroy();
      }
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
