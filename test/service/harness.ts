/**
 * A launch service on a loopback port for the service tests: fixed tokens for each role, a
 * request helper over `fetch`, and a reader of Server-Sent Events.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TokenEntry } from '../../src/service/auth.ts';
import { createLaunchService } from '../../src/service/handler.ts';
import type { LaunchService, LaunchServiceOptions } from '../../src/service/serviceOptions.ts';
import type { EventSummary } from '../../src/service/sse.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { parseJsonAs } from '../support/json.ts';

export const TOKENS = {
  admin: 'admin-token-0001-5f1e2d3c4b5a6978',
  ci: 'ci-token-00000001-8a7b6c5d4e3f2a1b',
  alerts: 'am-token-0000001-1c2d3e4f5a6b7c8d',
  viewer: 'viewer-token-001-9e8d7c6b5a4f3e2d',
  launcher: 'launcher-token-01-2b3c4d5e6f7a8b9c',
  lead: 'lead-token-000001-6d5c4b3a2f1e0d9c',
} as const;

export const TOKEN_ENTRIES: TokenEntry[] = [
  { token: TOKENS.admin, actor: 'lea', roles: ['admin'] },
  { token: TOKENS.ci, actor: 'ci-bot', roles: ['ci'] },
  { token: TOKENS.alerts, actor: 'alertmanager', roles: ['alertmanager'] },
  { token: TOKENS.viewer, actor: 'vic', roles: [] },
  { token: TOKENS.launcher, actor: 'lou', roles: ['launcher'] },
  // A release captain: takes the launch decisions, and owns the steps of the console's test plan.
  { token: TOKENS.lead, actor: 'sam', roles: ['lead', 'ops', 'qa'] },
];

export interface Running {
  url: string;
  server: Server;
  service: LaunchService;
  /** `json` is the body parsed (null when it is not JSON), typed as the answer the test expects. */
  request<T = unknown>(
    method: string,
    path: string,
    options?: { token?: string | null; body?: string | Buffer; headers?: Record<string, string> },
  ): Promise<{ status: number; text: string; json: T; headers: Headers }>;
  close(): Promise<void>;
}

/** Starts a service on 127.0.0.1, on a free port unless `port` is given. */
export async function startService(
  store: EventStore,
  options: Partial<LaunchServiceOptions> = {},
  port = 0,
): Promise<Running> {
  const service = createLaunchService({ store, tokens: TOKEN_ENTRIES, onError: () => undefined, ...options });
  const server = createServer(service);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    server,
    service,
    async request<T>(
      method: string,
      path: string,
      {
        token = TOKENS.admin,
        body,
        headers = {},
      }: { token?: string | null; body?: string | Buffer; headers?: Record<string, string> } = {},
    ) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : new Uint8Array(body) } : {}),
      });
      const text = await response.text();
      // A body that is not JSON reads as null: a test that reads a field of it fails, as it should.
      let json = null as T;
      try {
        json = parseJsonAs<T>(text);
      } catch {
        // Not JSON: the test has `text`.
      }
      return { status: response.status, text, json, headers: response.headers };
    },
    async close() {
      await service.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One Server-Sent Event as the service writes it: a launch event's summary under its version. */
export interface SseMessage {
  event: string;
  id?: string;
  data: EventSummary;
}

/** Reads SSE messages from a URL until `until` says stop (or the timeout passes). */
export async function readSse(
  url: string,
  token: string,
  until: (messages: SseMessage[]) => boolean,
  timeoutMs = 10_000,
): Promise<SseMessage[]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const messages: SseMessage[] = [];
  try {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: abort.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(
          block
            .split('\n')
            .filter((line) => !line.startsWith(':') && line.includes(':'))
            .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
        );
        if (fields['event'])
          messages.push({
            event: fields['event'],
            ...(fields['id'] ? { id: fields['id'] } : {}),
            data: parseJsonAs<EventSummary>(fields['data'] ?? 'null'),
          });
      }
      if (until(messages)) break;
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return messages;
}
