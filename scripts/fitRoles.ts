/**
 * `npm run fit-roles`: fits the role weights to the plan corpus (scripts/roleFit.ts) and writes
 * src/plan/markdown/roleWeights.ts; prints how often the top sections' roles agree with the
 * expectations before (the priors) and after the fit, and on plans held out of the fit.
 */
import { writeFileSync } from 'node:fs';
import { ROLE_PRIORS } from '../src/plan/markdown/rolePriors.ts';
import { agreementOf, corpusSamples, fitRoles, heldOutAgreement, weightsSource } from './roleFit.ts';

const samples = corpusSamples();
const fitted = fitRoles(samples);
writeFileSync(new URL('../src/plan/markdown/roleWeights.ts', import.meta.url), weightsSource(fitted));
process.stderr.write(
  `fit-roles: ${samples.length} labelled sections; agreement ${agreementOf(ROLE_PRIORS, samples).toFixed(3)} with the priors, ${agreementOf(fitted, samples).toFixed(3)} fitted, ${heldOutAgreement(samples).toFixed(3)} on plans held out of the fit (4 folds)\n`,
);
