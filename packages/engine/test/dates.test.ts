import { ageBetween, mapDateValues, shiftDate, shiftDateTime } from '../src/transform/dates.js';
import { dateOffsetDays } from '../src/transform/date-offset.js';

describe('date arithmetic', () => {
  test.each([
    ['20230115', -10, '20230105'],
    ['20240301', -1, '20240229'], // leap day
    ['20230101', -1, '20221231'],
    ['2023.01.15', -10, '20230105'], // ACR-NEMA form is normalised
    ['202301', -40, '202211'], // month precision kept
    ['2023', -400, '2021'], // year precision kept
  ])('shiftDate(%s, %i) = %s', (value, days, expected) => {
    expect(shiftDate(value, days)).toBe(expected);
  });

  test.each([
    ['20230115101530.123456+0100', -10, '20230105101530.123456+0100'],
    ['20230115101530-0500', -365, '20220115101530-0500'],
    ['202301151015', 3, '202301181015'],
    ['2023', -1, '2022'],
  ])('shiftDateTime keeps time of day, fraction and UTC offset: %s', (value, days, expected) => {
    expect(shiftDateTime(value, days)).toBe(expected);
  });

  test('multi-valued dates and query ranges shift value by value', () => {
    const shift = (value: string) => shiftDate(value, -1);
    expect(mapDateValues('20230115\\20230116', shift)).toBe('20230114\\20230115');
    expect(mapDateValues('20230101-20230131', shift)).toBe('20221231-20230130');
  });

  test('a value that is not a date is refused, not passed through', () => {
    expect(() => shiftDate('yesterday', -1)).toThrow(/not a DICOM date/);
    expect(() => shiftDateTime('20230115T10:15', -1)).toThrow(/not a DICOM date-time/);
  });

  test('age from birth date and study date', () => {
    expect(ageBetween('19650412', '20230115')).toBe('057Y');
    expect(ageBetween('19650112', '20230115')).toBe('058Y');
    expect(ageBetween('', '20230115')).toBeUndefined();
  });
});

describe('per-patient offset', () => {
  const secret = new Uint8Array(32).fill(3);
  const range = { min: -3650, max: -30 };

  test('is the same for every study of a patient, so intervals survive', () => {
    const offset = dateOffsetDays(secret, { issuer: 'H', patientId: 'P1' }, range);
    expect(dateOffsetDays(secret, { issuer: 'H', patientId: 'P1' }, range)).toBe(offset);
    const first = shiftDate('20230115', offset);
    const second = shiftDate('20230415', offset);
    const days = (a: string, b: string) => (Date.UTC(+b.slice(0, 4), +b.slice(4, 6) - 1, +b.slice(6)) - Date.UTC(+a.slice(0, 4), +a.slice(4, 6) - 1, +a.slice(6))) / 86_400_000;
    expect(days(first, second)).toBe(days('20230115', '20230415'));
  });

  test('stays in range, never 0, and differs between patients and secrets', () => {
    const offsets = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const offset = dateOffsetDays(secret, { issuer: 'H', patientId: `P${i}` }, { min: -5, max: 5 });
      expect(offset).toBeGreaterThanOrEqual(-5);
      expect(offset).toBeLessThanOrEqual(5);
      expect(offset).not.toBe(0);
      offsets.add(offset);
    }
    expect(offsets.size).toBe(10);
    const other = new Uint8Array(32).fill(4);
    const differing = Array.from({ length: 50 }, (_, i) => ({ issuer: 'H', patientId: `P${i}` })).filter(
      (subject) => dateOffsetDays(secret, subject, range) !== dateOffsetDays(other, subject, range),
    );
    expect(differing.length).toBeGreaterThan(45);
  });
});
