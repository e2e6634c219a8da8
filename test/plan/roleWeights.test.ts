import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusSamples, fitRoles, weightsSource } from '../../scripts/roleFit.ts';

describe('the role weights', () => {
  it('should be the fit of today’s priors and corpus (run `npm run fit-roles` after changing either)', () => {
    const committed = readFileSync(
      new URL('../../src/plan/markdown/roleWeights.ts', import.meta.url),
      'utf8',
    );
    expect(weightsSource(fitRoles(corpusSamples()))).toBe(committed);
  }, 120_000);
});
