/** The service's pure parts: routes, tokens, error answers. */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { describe, expect, it } from 'vitest';
import { authenticate, formatTokenConfigError, parseTokens, requireRole } from '../../src/service/auth.ts';
import { fromLaunchError } from '../../src/service/reply.ts';
import { matchRoute } from '../../src/service/routes.ts';

describe('service routes', () => {
  it('should match every route of the API to its action and stream', () => {
    expect(matchRoute('GET', '/launches')).toEqual({ _tag: 'ListLaunches' });
    expect(matchRoute('POST', '/launches')).toEqual({ _tag: 'CreateLaunch' });
    expect(matchRoute('GET', '/launches/go-live')).toEqual({ _tag: 'Status', stream: 'go-live' });
    expect(matchRoute('GET', '/launches/go-live/status')).toEqual({ _tag: 'Status', stream: 'go-live' });
    expect(matchRoute('GET', '/launches/go-live/checklist.md')).toEqual({
      _tag: 'ChecklistMarkdown',
      stream: 'go-live',
    });
    expect(matchRoute('GET', '/launches/go-live/events')).toEqual({ _tag: 'EventStream', stream: 'go-live' });
    expect(matchRoute('POST', '/launches/go-live/events')).toEqual({ _tag: 'PostEvent', stream: 'go-live' });
    expect(matchRoute('POST', '/launches/go-live/alertmanager')).toEqual({
      _tag: 'Alertmanager',
      stream: 'go-live',
    });
    expect(matchRoute('POST', '/launches/go-live/junit')).toEqual({ _tag: 'Junit', stream: 'go-live' });
    expect(matchRoute('GET', '/launches/go-live/page')).toEqual({ _tag: 'StatusPage', stream: 'go-live' });
    expect(matchRoute('GET', '/launches/go-live/page/fragment')).toEqual({
      _tag: 'StatusFragment',
      stream: 'go-live',
    });
    expect(matchRoute('HEAD', '/healthz')).toEqual({ _tag: 'Health' });
  });

  it('should say which methods a known path allows, and what is not found or badly encoded', () => {
    expect(matchRoute('PUT', '/launches/x/events')).toEqual({
      _tag: 'MethodNotAllowed',
      allow: ['GET', 'POST'],
    });
    expect(matchRoute('GET', '/launches/x/unknown')._tag).toBe('NotFound');
    expect(matchRoute('GET', '/launches/%E0%A4%A/status')._tag).toBe('BadPath');
  });
});

describe('service tokens', () => {
  const table = parseTokens(
    JSON.stringify({
      tokens: [
        { token: 'admin-secret-1-7c0e4b9a2d5f8e1c', actor: 'lea', roles: ['admin'] },
        { token: 'ci-secret-0001-3f9a6c2e8b1d4a7f', actor: 'ci-bot', roles: ['ci'] },
      ],
    }),
  );

  it('should map a bearer token to its actor and roles', () => {
    if (E.isLeft(table)) throw new Error(formatTokenConfigError(table.left));
    expect(authenticate(table.right, 'Bearer ci-secret-0001-3f9a6c2e8b1d4a7f')).toEqual(
      E.right({ id: 'ci-bot', roles: ['ci'] }),
    );
    expect(authenticate(table.right, 'bearer admin-secret-1-7c0e4b9a2d5f8e1c ')).toEqual(
      E.right({ id: 'lea', roles: ['admin'] }),
    );
    expect(authenticate(table.right, undefined)).toEqual(E.left({ _tag: 'MissingToken' }));
    expect(authenticate(table.right, 'Basic abc')).toEqual(E.left({ _tag: 'UnknownToken' }));
    expect(authenticate(table.right, 'Bearer ci-secret-0002-3f9a6c2e8b1d4a7f')).toEqual(
      E.left({ _tag: 'UnknownToken' }),
    );
  });

  it('should refuse weak, duplicated and malformed token configurations with the reason', () => {
    const refusal = (text: string) =>
      pipe(
        parseTokens(text),
        E.match(formatTokenConfigError, () => 'accepted'),
      );
    expect(refusal('[{"token":"short","actor":"a","roles":[]}]')).toBe(
      'tokens: tokens[0] (a): its characters hold at most 23 bits, 128 are needed: use 32 random hex digits or more (openssl rand -hex 32)',
    );
    expect(
      refusal(
        '[{"token":"same-token-1-9d2c7e5a0b3f6d8e","actor":"a","roles":[]},{"token":"same-token-1-9d2c7e5a0b3f6d8e","actor":"b","roles":[]}]',
      ),
    ).toBe('tokens: tokens[1] (b): the same token is given twice');
    expect(refusal('{"tokens":[{"token":1}]}')).toMatch(/^tokens: .*expected string/);
    expect(refusal('not json')).toBe('tokens: not valid JSON');
  });

  it('should never print a token in a configuration error', () => {
    const secret = 'sup3r-s3cret-value';
    for (const text of [
      `[{"token":"${secret}"`,
      `{"tokens":[{"token":"${secret}","actor":1}]}`,
      `[{"token":["${secret}"],"actor":"a","roles":[]}]`,
      `${secret}`,
    ]) {
      const refused = parseTokens(text);
      expect(E.isLeft(refused) && formatTokenConfigError(refused.left)).not.toContain('s3cret');
    }
  });

  it('should let admin do anything and name the roles an action needs', () => {
    expect(E.isRight(requireRole({ id: 'lea', roles: ['Admin'] }, ['ci'], 'post JUnit reports'))).toBe(true);
    expect(requireRole({ id: 'vic', roles: [] }, ['ci'], 'post JUnit reports')).toEqual(
      E.left({ _tag: 'Forbidden', actor: 'vic', needs: ['ci', 'admin'], action: 'post JUnit reports' }),
    );
  });
});

describe('service error answers', () => {
  it('should give each launch error its HTTP status', () => {
    expect(fromLaunchError({ _tag: 'NoSuchLaunch', stream: 's' }).status).toBe(404);
    expect(
      fromLaunchError({ _tag: 'NotAllowed', actor: 'a', roles: [], required: ['x'], subject: 'item i' })
        .status,
    ).toBe(403);
    expect(fromLaunchError({ _tag: 'VersionConflict', expected: 3, actual: 4 })).toMatchObject({
      status: 409,
      details: { expected: 3, actual: 4 },
    });
    expect(
      fromLaunchError({
        _tag: 'InvalidEvent',
        message: 'bad',
        errors: [{ path: 'itemId', message: 'expected string' }],
      }),
    ).toMatchObject({ status: 400, details: { errors: [{ path: 'itemId' }] } });
  });
});
