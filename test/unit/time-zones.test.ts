import { describe, expect, it } from 'vitest';
import { isIanaTimezone, localParts, parseWallTime, zonedTimeToUtc } from '../../src/lib/time-zones.js';

const wall = (date: string, time: string) => {
  const w = parseWallTime(date, time);
  if (!w) throw new Error(`bad wall time ${date} ${time}`);
  return w;
};

describe('zonedTimeToUtc', () => {
  it.each([
    ['2026-03-09', '09:00', 'Asia/Tokyo', '2026-03-09T00:00:00.000Z'],
    ['2026-03-09', '09:00', 'Europe/Berlin', '2026-03-09T08:00:00.000Z'],
    ['2026-03-07', '09:00', 'America/New_York', '2026-03-07T14:00:00.000Z'], // EST, before the change
    ['2026-03-09', '09:00', 'America/New_York', '2026-03-09T13:00:00.000Z'], // EDT, after it
    ['2026-07-01', '09:00', 'Australia/Lord_Howe', '2026-06-30T22:30:00.000Z'], // +10:30 in its winter
    ['2026-01-15', '09:00', 'Asia/Kolkata', '2026-01-15T03:30:00.000Z'],
    ['2026-01-15', '09:00', 'UTC', '2026-01-15T09:00:00.000Z'],
  ])('%s %s in %s is %s', (date, time, zone, expected) => {
    expect(zonedTimeToUtc(wall(date, time), zone).toISOString()).toBe(expected);
  });

  it('moves a time in the spring-forward gap forward by the gap', () => {
    // New York, 2026-03-08: 02:00 EST jumps to 03:00 EDT; 02:30 does not exist → 03:30 EDT.
    expect(zonedTimeToUtc(wall('2026-03-08', '02:30'), 'America/New_York').toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
    // Berlin, 2026-03-29: 02:00 CET jumps to 03:00 CEST.
    expect(zonedTimeToUtc(wall('2026-03-29', '02:15'), 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T01:15:00.000Z',
    );
  });

  it('takes the first occurrence of an ambiguous fall-back time', () => {
    // New York, 2026-11-01: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    expect(zonedTimeToUtc(wall('2026-11-01', '01:30'), 'America/New_York').toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    // Berlin, 2026-10-25: 02:30 CEST (00:30Z) then 02:30 CET (01:30Z).
    expect(zonedTimeToUtc(wall('2026-10-25', '02:30'), 'Europe/Berlin').toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });
});

describe('localParts', () => {
  it('gives wall time and weekday (0 = Sunday) in the zone', () => {
    // 2026-11-26T23:30Z is Friday 08:30 in Tokyo and Thursday 18:30 in New York.
    const instant = new Date('2026-11-26T23:30:00Z');
    expect(localParts(instant, 'Asia/Tokyo')).toMatchObject({ day: 27, hour: 8, minute: 30, weekday: 5 });
    expect(localParts(instant, 'America/New_York')).toMatchObject({
      day: 26,
      hour: 18,
      minute: 30,
      weekday: 4,
    });
  });
});

describe('parseWallTime and isIanaTimezone', () => {
  it('refuses dates and times that do not exist on any calendar', () => {
    expect(parseWallTime('2026-02-30', '09:00')).toBeNull();
    expect(parseWallTime('2026-02-28', '24:00')).toBeNull();
    expect(parseWallTime('2026-2-28', '9:00')).toBeNull();
    expect(parseWallTime('2028-02-29', '23:59')).toEqual({
      year: 2028,
      month: 2,
      day: 29,
      hour: 23,
      minute: 59,
    });
  });

  it('knows IANA names', () => {
    expect(isIanaTimezone('Asia/Tokyo')).toBe(true);
    expect(isIanaTimezone('Mars/Olympus')).toBe(false);
    expect(isIanaTimezone('')).toBe(false);
  });

  it('takes canonical names only: no abbreviations, old links or wrong case, which Intl would also take', () => {
    for (const name of ['UTC', 'Etc/GMT-9', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires', 'Europe/Kyiv'])
      expect(isIanaTimezone(name), name).toBe(true);
    for (const name of ['JST', 'EST', 'US/Eastern', 'Japan', 'asia/tokyo', 'Asia/tokyo', 'CST6CDT'])
      expect(isIanaTimezone(name), name).toBe(false);
  });
});
