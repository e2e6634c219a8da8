/**
 * A webhook receiver cannot take the notifier's memory: an answer that never ends (a 200 streaming
 * as fast as loopback goes) is read to a few KiB, then abandoned, and the delivery is a failure to
 * retry (a slow answer was already cut at the delivery's time limit). Issue 23: the
 * answer was read whole, past `timeoutMs`, and took a host from 0.4 to 12 GB in 90 s.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Webhook } from '../../src/service/notify/config.ts';
import { deliverOnce } from '../../src/service/notify/deliver.ts';
import type { Note } from '../../src/service/notify/notes.ts';

const NOTE: Note = {
  id: 'go:2:launch.started:go',
  kind: 'launch.started',
  stream: 'go',
  version: 2,
  at: '2026-12-07T10:00:00.000Z',
  actor: 'lea',
  subject: { id: 'go', title: 'Go-live' },
  text: 'Go-live started',
  details: {},
  launch: { title: 'Go-live', state: 'running', health: 'healthy', progress: { done: 0, total: 3 } },
};

/** A receiver that answers 200 and then writes its body with `pump` until the client goes; counts what it wrote. */
async function endlessReceiver(
  pump: (res: ServerResponse) => void,
): Promise<{ server: Server; webhook: Webhook; written: () => number; gone: Promise<void> }> {
  let written = 0;
  let left!: () => void;
  const gone = new Promise<void>((resolve) => (left = resolve));
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/plain' });
    const write = res.write.bind(res);
    res.write = ((chunk: Buffer) => {
      written += chunk.length;
      return write(chunk);
    }) as typeof res.write;
    res.on('close', () => left());
    pump(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    server,
    webhook: { id: 'hook', url, events: 'all', launches: 'all', secret: null, format: 'json' },
    written: () => written,
    gone,
  };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('a webhook answer that never ends', () => {
  it('should stop reading a 200 streamed at full speed after a few KiB, and count it a failure', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x78);
    const receiver = await endlessReceiver((res) => {
      const fill = (): void => {
        while (!res.destroyed && res.write(chunk));
      };
      res.on('drain', fill);
      fill();
    });
    servers.push(receiver.server);
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    const sent = await deliverOnce(receiver.webhook, NOTE, {
      publicUrl: null,
      timeoutMs: 3000,
      now: new Date(),
    });
    const took = Date.now() - started;
    await receiver.gone;
    expect(sent).toMatchObject({ _tag: 'Left', left: { _tag: 'AnswerTooLarge', status: 200 } });
    // Read whole, the answer reached 800 MB in 2 s here; the notifier now drops the connection at once.
    expect(took).toBeLessThan(3000);
    // What the receiver got rid of is what loopback's socket buffers hold, not what it could send.
    expect(receiver.written()).toBeLessThan(32 * 1024 * 1024);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
  });
});
