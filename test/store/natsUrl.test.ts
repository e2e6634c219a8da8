/** The NATS store URL: the servers of a cluster and store options in one string. */
import { describe, expect, it } from 'vitest';
import { parseNatsUrl } from '../../src/store/nats/natsUrl.ts';

describe('NATS store URL', () => {
  it('should read several hosts and the options', () => {
    expect(parseNatsUrl('nats://h1,h2:4223,h3?replicas=3&upgradeReplicas=true&prefix=lp')).toEqual({
      servers: ['nats://h1', 'nats://h2:4223', 'nats://h3'],
      replicas: 3,
      upgradeReplicas: true,
      prefix: 'lp',
    });
    expect(parseNatsUrl(['nats://a:1', 'tls://b:2'])).toEqual({ servers: ['nats://a:1', 'tls://b:2'] });
    expect(parseNatsUrl('127.0.0.1:4222')).toEqual({ servers: ['nats://127.0.0.1:4222'] });
  });

  it('should refuse unknown options and impossible replica counts, saying what is allowed', () => {
    expect(() => parseNatsUrl('nats://h1?replica=3')).toThrow(/unknown option replica=.*replicas/);
    expect(() => parseNatsUrl('nats://h1?replicas=7')).toThrow(/1 to 5/);
    expect(() => parseNatsUrl('nats://h1?upgradeReplicas=yes')).toThrow(/true or false/);
  });
});
