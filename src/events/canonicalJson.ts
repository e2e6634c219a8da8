/**
 * Canonical JSON: the one byte encoding that the event hash chain is computed over.
 *
 * Rules (a subset of RFC 8785 that is enough for event data):
 * - object keys sorted by UTF-16 code unit order (`Array.prototype.sort` default), no whitespace;
 * - strings and finite numbers encoded exactly as `JSON.stringify` encodes them;
 * - `undefined` members of objects are left out, `undefined` inside arrays becomes `null`
 *   (what `JSON.stringify` does, so a value and its JSON round trip hash the same);
 * - values with a `toJSON` method (such as `Date`) are encoded through it.
 *
 * Values JSON cannot represent (non-finite numbers, bigint, functions, symbols, cycles) are a
 * programming error, not data: they throw a `TypeError`.
 */

/**
 * Encode a JSON-compatible value canonically.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export const canonicalJson = (value: unknown): string => encode(value, 0);

/** Deeper than this is treated as a cycle (JSON data of launch events is a few levels deep). */
const MAX_DEPTH = 512;

const encode = (value: unknown, depth: number): string => {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value))
        throw new TypeError(
          `canonicalJson: ${String(value)} is not a finite number; only finite numbers can be encoded`,
        );
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return value === null ? 'null' : encodeObject(value, depth);
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} cannot be encoded; only JSON values can`);
  }
};

const encodeObject = (value: object, depth: number): string => {
  if (depth > MAX_DEPTH)
    throw new TypeError(`canonicalJson: value nested deeper than ${MAX_DEPTH} levels (a cycle?)`);
  const withToJson = value as { toJSON?: unknown };
  if (typeof withToJson.toJSON === 'function')
    return encode((withToJson.toJSON as () => unknown).call(value), depth + 1);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (i > 0) out += ',';
      out += item === undefined ? 'null' : encode(item, depth + 1);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(key)}:${encode(member, depth + 1)}`;
  }
  return `${out}}`;
};
