/**
 * The last events a launch applied, kept so that the owner of a launch can hand a forwarding
 * host what it wrote along with its answer (launch/owner/routedLaunch.ts): the host then applies
 * them instead of reading the log again. A bounded ring: older events are read from the log.
 */
import type { EventEnvelope } from '../events/envelope.ts';

export class RecentEvents {
  private readonly ring: EventEnvelope[] = [];

  constructor(private readonly capacity: number) {}

  push(envelope: EventEnvelope): void {
    if (this.ring.length === this.capacity) this.ring.shift();
    this.ring.push(envelope);
  }

  /** The events after `version`, in order, or null when the ring does not reach back to it. */
  since(version: number): EventEnvelope[] | null {
    const first = this.ring[0];
    if (!first || version + 1 < first.version) return null;
    return this.ring.slice(version + 1 - first.version);
  }
}
