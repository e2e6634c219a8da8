/** Times from outside are read strictly: ISO 8601 with a zone, or a date; never "foo 1" or February 30. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoTime } from '../../src/events/isoTime.ts';
import { fcParams } from '../testing/seed.ts';

describe('parseIsoTime', () => {
  it('should read date-times with a zone, with or without seconds and fraction, and dates', () => {
    expect(parseIsoTime('2025-03-01T09:30:00Z')?.toISOString()).toBe('2025-03-01T09:30:00.000Z');
    expect(parseIsoTime('2025-03-01T09:30Z')?.toISOString()).toBe('2025-03-01T09:30:00.000Z');
    expect(parseIsoTime('2025-03-01T10:30:00.5+01:00')?.toISOString()).toBe('2025-03-01T09:30:00.500Z');
    expect(parseIsoTime('2025-03-01')?.toISOString()).toBe('2025-03-01T00:00:00.000Z');
    // Years below 100 are years, not 19xx: Alertmanager writes 0001-01-01 for "no time".
    expect(parseIsoTime('0001-01-01T00:00:00Z')?.toISOString()).toBe('0001-01-01T00:00:00.000Z');
  });

  it.each([
    'foo 1',
    '1',
    '2025',
    '2025-02-30',
    '2025-13-01',
    '2025-03-01T09:30',
    '2025-03-01T24:00Z',
    '2025-03-01 09:30Z',
    'Sat, 01 Mar 2025 09:30:00 GMT',
    '',
  ])('should refuse %j', (text) => {
    expect(parseIsoTime(text)).toBeNull();
  });

  it('should read back every instant it writes, and only texts Date.toISOString could have written or their shorter forms', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0000-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (date) => {
          expect(parseIsoTime(date.toISOString())?.getTime()).toBe(date.getTime());
        },
      ),
      fcParams(200),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseIsoTime(text);
        if (parsed !== null) expect(text).toMatch(/^\d{4}-\d{2}-\d{2}/);
      }),
      fcParams(500),
    );
  });
});
