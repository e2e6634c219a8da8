/**
 * Half-sent requests cannot hold the server's file descriptors: `launchplan serve` holds no more
 * connections than its cap (the rest are closed as they come) and closes a request whose headers
 * have not arrived within 10 s. Issue 23: 22,000 half-sent requests took every descriptor for a
 * minute (Node's defaults: 60 s for headers, checked every 30 s, no cap).
 */
import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServed, type Served } from './served.ts';

const CAP = 100;
const dir = mkdtempSync(join(tmpdir(), 'lp-half-sent-'));
let served: Served;

beforeAll(async () => {
  served = await startServed(dir, ['--log', join(dir, 'log'), '--max-connections', String(CAP)]);
});
afterAll(() => served.stop());

/** A connection that sends the start of a request and then nothing; `closed` turns true when the server closes it. */
function halfSent(url: string): Promise<{ socket: Socket; closed: () => boolean; closedAt: () => number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let closedAt = 0;
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.write(`GET /healthz HTTP/1.1\r\nHost: ${hostname}\r\nX-Slow: `);
      resolve({ socket, closed: () => closedAt > 0, closedAt: () => closedAt });
    });
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => (closedAt = Date.now()));
  });
}

describe('half-sent requests', () => {
  it('should hold at most its connection cap, and close every half-sent request after the headers timeout', async () => {
    const before = served.openFiles();
    const opened = Date.now();
    const clients = await Promise.all(Array.from({ length: 3 * CAP }, () => halfSent(served.url)));
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The descriptors the server holds for them: the cap, not the number of clients.
    expect(served.openFiles() - before).toBeLessThanOrEqual(CAP + 5);
    for (let waited = 0; waited < 20_000 && !clients.every(({ closed }) => closed()); waited += 250)
      await new Promise((resolve) => setTimeout(resolve, 250));
    expect(clients.every(({ closed }) => closed())).toBe(true);
    // 10 s for the headers, checked every second (Node's defaults: 60 s, checked every 30 s).
    expect(Math.max(...clients.map(({ closedAt }) => closedAt())) - opened).toBeLessThan(15_000);
    const health = await fetch(`${served.url}/healthz`);
    expect(health.status).toBe(200);
  }, 40_000);
});
