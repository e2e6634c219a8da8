/**
 * The ids of a launch's latest events and their versions, so that a retried event is answered
 * with the version it was first written at.
 */

/**
 * How many recent event ids a launch remembers. A retry of an older event still writes nothing
 * (the store knows every id), but it is checked against the current state first.
 */
export const RECENT_IDS = 10_000;

/**
 * The last ids seen and their versions, in a ring (evicting with `map.keys().next()` instead is
 * quadratic, as a Map's iterator walks past its deleted slots). The map from id to version is
 * built on the first look and kept up to date from then on: a replay remembers a million ids and
 * never looks one up, so it only writes the ring (a Map per event cost 5% of a replay).
 */
export class RecentIds {
  private readonly ids: string[] = [];
  private readonly at: number[] = [];
  private next = 0;
  private index: Map<string, number> | null = null;

  remember(eventId: string, version: number): void {
    const evicted = this.ids[this.next];
    if (this.index !== null) {
      if (evicted !== undefined) this.index.delete(evicted);
      this.index.set(eventId, version);
    }
    this.ids[this.next] = eventId;
    this.at[this.next] = version;
    this.next = (this.next + 1) % RECENT_IDS;
  }

  /** Each remembered id's version. */
  get versions(): ReadonlyMap<string, number> {
    if (this.index === null) {
      const index = new Map<string, number>();
      // Oldest first: the ring from `next` round to the slot before it.
      for (let step = 0; step < this.ids.length; step += 1) {
        const slot = (this.next + step) % this.ids.length;
        const id = this.ids[slot];
        const version = this.at[slot];
        if (id !== undefined && version !== undefined) index.set(id, version);
      }
      this.index = index;
    }
    return this.index;
  }
}
