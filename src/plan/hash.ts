import { createHash } from 'node:crypto';
import { canonicalJson } from '../events/canonicalJson.ts';
import type { Plan } from './model.ts';

/**
 * The plan's content hash: sha-256 over the canonical JSON of everything but the hash itself
 * (positions included, because renderers rewrite the source at those positions).
 */
export function hashPlan(plan: Plan): string {
  const { hash: _ignored, ...content } = plan;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}
