import { createHash } from 'node:crypto';
import { canonicalJson } from '../events/canonicalJson.ts';
import type { Plan } from './model.ts';

/**
 * The plan's content hash: sha-256 over the canonical JSON of everything but the hash itself
 * and the id (positions included, because renderers rewrite the source at those positions).
 * The id only names the plan where it runs (a file name, a stream): the same plan under two
 * names is one version, so a log replays with either.
 */
export function hashPlan(plan: Plan): string {
  const { hash: _hash, id: _id, ...content } = plan;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}
