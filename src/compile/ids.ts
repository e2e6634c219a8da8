/**
 * State keys from plan ids. XState splits state paths on `.` and reads `#` as an id
 * reference, so keys replace both; keys are unique among their siblings (a `-2`, `-3` suffix
 * when two ids collide or a key is reserved).
 */

/** A state key for an id: `.` and `#` become `-`, an empty id becomes `unnamed`. */
export function stateKey(id: string): string {
  const key = id.replace(/[.#]/g, '-').trim();
  return key === '' ? 'unnamed' : key;
}

/** Allocates unique sibling keys, never one of `reserved`. */
export function createKeyAllocator(reserved: readonly string[] = []): (id: string) => string {
  const used = new Set(reserved);
  return (id) => {
    const base = stateKey(id);
    let key = base;
    for (let n = 2; used.has(key); n += 1) key = `${base}-${n}`;
    used.add(key);
    return key;
  };
}

/** The key of a step inside its phase: the step id without the phase id prefix. */
export function localId(id: string, parentId: string): string {
  return id.startsWith(`${parentId}/`) ? id.slice(parentId.length + 1) : id;
}
