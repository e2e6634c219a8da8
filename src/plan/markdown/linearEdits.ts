/**
 * A linear `EditMap.consume` for micromark, installed when the reader is loaded.
 *
 * micromark's document tokenizer builds an edit map each time a container (a list, a block quote)
 * is closed by a line that is not blank: a heading right under a list, the most common shape of a
 * launch plan. Its `consume` (micromark-util-edit-map 1.0.0) copies the whole event list to apply
 * edits that all sit near its end, so a plan with n such sections costs O(n²): 64 KB of
 * `## H\n- [ ] a\n` took 12 s, 512 KB would take minutes (docs/benchmarks.md, "Hostile plans").
 * This `consume` leaves the events before the first edit where they are and rebuilds only the
 * rest, with the same result (a property test compares it with the original on random edits).
 *
 * micromark imports the class from the same module instance as this file (npm keeps one copy of
 * `micromark-util-edit-map`), so replacing the prototype method is enough; a test checks that the
 * parser really goes through it.
 */
import { EditMap } from 'micromark-util-edit-map';
import type { Event } from 'micromark-util-types';

type Change = [at: number, remove: number, add: Event[]];

interface EditMapInternals {
  map: Change[];
  index: Map<number, Change>;
}

/** Applies the recorded edits to `events` in place, touching nothing before the first edit. */
function consumeFromFirstEdit(this: EditMapInternals, events: Event[]): undefined {
  const changes = this.map.sort((a, b) => a[0] - b[0]);
  if (changes.length === 0) return undefined;
  const start = changes[0]![0];
  const rest: Event[] = [];
  let cursor = start;
  for (const [at, remove, add] of changes) {
    for (let index = cursor; index < at; index += 1) rest.push(events[index]!);
    for (const event of add) rest.push(event);
    cursor = at + remove;
  }
  for (let index = cursor; index < events.length; index += 1) rest.push(events[index]!);
  events.length = start;
  for (const event of rest) events.push(event);
  this.map.length = 0;
  this.index.clear();
  return undefined;
}

type Consume = (this: EditMap, events: Event[]) => undefined;

/** The consume micromark shipped with, kept for the equivalence test. */
// eslint-disable-next-line @typescript-eslint/unbound-method -- kept unbound on purpose: always called with .call(map, …)
export const originalConsume: Consume = EditMap.prototype.consume;

/**
 * The linear consume, as micromark's type. The cast is the one way to reach the edit map's
 * `map` and `index`: micromark declares them private to the class, not in its published type.
 */
export const linearConsume = consumeFromFirstEdit as unknown as Consume;

EditMap.prototype.consume = linearConsume;
