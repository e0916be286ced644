/** Date arithmetic on DICOM DA and DT strings, keeping the precision the value was given in. */

const DAY_MS = 86_400_000;

function shiftYMD(year: number, month: number, day: number, days: number): [number, number, number] {
  const shifted = new Date(Date.UTC(year, month - 1, day) + days * DAY_MS);
  return [shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate()];
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** A moment's UTC day as a DA value (YYYYMMDD). */
export function dicomDate(time: Date): string {
  return time.toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * Shifts one DA value. Partial dates (YYYY, YYYYMM, allowed in DT and by older writers) are read as the first day
 * of their period, shifted, and written back at their own precision. The ACR-NEMA form YYYY.MM.DD is normalised.
 */
export function shiftDate(value: string, days: number): string {
  const text = value.trim().replace(/^(\d{4})\.(\d{2})\.(\d{2})$/, '$1$2$3');
  if (text === '') return '';
  const match = /^(\d{4})(\d{2})?(\d{2})?$/.exec(text);
  if (!match) throw new Error(`"${value}" is not a DICOM date (YYYYMMDD)`);
  const [year, month, day] = shiftYMD(Number(match[1]), Number(match[2] ?? '1'), Number(match[3] ?? '1'), days);
  return pad(year, 4) + (match[2] ? pad(month, 2) : '') + (match[3] ? pad(day, 2) : '');
}

/** Shifts one DT value by whole days: the time of day, its fraction and the UTC offset are kept as they are. */
export function shiftDateTime(value: string, days: number): string {
  const text = value.trim();
  if (text === '') return '';
  const match = /^(\d{4}(?:\d{2}(?:\d{2})?)?)(.*)$/.exec(text);
  if (!match || !/^(\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?)?([+-]\d{4})?$/.test(match[2]!)) {
    throw new Error(`"${value}" is not a DICOM date-time (YYYYMMDDHHMMSS.FFFFFF&ZZXX)`);
  }
  return shiftDate(match[1]!, days) + match[2];
}

/** Applies a per-value function to a multi-valued string, and to both ends of a range (query-style "A-B"). */
export function mapDateValues(text: string, shiftOne: (value: string) => string): string {
  return text
    .split('\\')
    .map((value) => (value.includes('-') && !/[+-]\d{4}$/.test(value) ? value.split('-').map(shiftOne).join('-') : shiftOne(value)))
    .join('\\');
}

/** Whole years between two DA values, as an AS value (e.g. "042Y"), for profiles that keep age instead of birth date. */
export function ageBetween(birthDate: string, onDate: string): string | undefined {
  const birth = /^(\d{4})(\d{2})(\d{2})$/.exec(birthDate.trim());
  const on = /^(\d{4})(\d{2})(\d{2})$/.exec(onDate.trim());
  if (!birth || !on) return undefined;
  let years = Number(on[1]) - Number(birth[1]);
  if (on[2]! + on[3]! < birth[2]! + birth[3]!) years -= 1;
  return years >= 0 && years <= 999 ? `${pad(years, 3)}Y` : undefined;
}
