/**
 * ISO 8601 times, read strictly: `2025-03-01T09:30:00Z`, with optional seconds and fraction and a
 * zone (`Z` or `±hh:mm`), or a calendar date alone (`2025-03-01`, midnight UTC). `Date.parse`
 * alone accepts "foo 1" (2001-01-01) and rolls February 30 over into March; every time that comes
 * from outside (an event's `at`, `--at`, `--now`, `--go-live`, `goLiveAt`) is read here instead.
 */

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2})))?$/;

/**
 * The instant an ISO 8601 text names, or null when it is not one.
 *
 * @example
 * parseIsoTime('2025-03-01T09:30Z')?.toISOString() // '2025-03-01T09:30:00.000Z'
 * parseIsoTime('foo 1') // null
 */
export function parseIsoTime(text: string): Date | null {
  const match = DATE_TIME.exec(text);
  if (!match) return null;
  const [, year, month, day, hours, minutes, seconds, , zoneHours, zoneMinutes] = match.map((part) =>
    part === undefined ? undefined : Number(part),
  );
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0 to 99 as 1900 to 1999.
  const calendar = new Date(0);
  calendar.setUTCFullYear(year as number, (month as number) - 1, day);
  if (
    calendar.getUTCFullYear() !== year ||
    calendar.getUTCMonth() + 1 !== month ||
    calendar.getUTCDate() !== day
  )
    return null;
  if (
    (hours ?? 0) > 23 ||
    (minutes ?? 0) > 59 ||
    (seconds ?? 0) > 59 ||
    (zoneHours ?? 0) > 23 ||
    (zoneMinutes ?? 0) > 59
  )
    return null;
  const instant = Date.parse(hours === undefined ? `${text}T00:00:00Z` : text);
  return Number.isNaN(instant) ? null : new Date(instant);
}

/** What a strict time looks like, for messages. */
export const ISO_TIME_HINT =
  'an ISO 8601 time such as 2025-03-01T09:30:00Z (a zone is required) or a date such as 2025-03-01';
