/**
 * JSON a test reads back (a command's `--json` output, a service answer, a file the code wrote),
 * taken as the shape the test expects of it. Not checked here: the assertions on it are the check,
 * and a field that is not there fails them.
 *
 * @example
 * const status = parseJsonAs<Checklist>(io.stdout);
 */
export function parseJsonAs<T>(text: string): T {
  return JSON.parse(text) as T;
}
