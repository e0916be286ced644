import { asciiOf, encodeAscii, type DataElement } from '@deid-share/dicom';
import type { TransformContext } from './context.js';
import { mapDateValues, shiftDate, shiftDateTime } from './dates.js';

export type TemporalResult = { kind: 'shifted' | 'replaced' | 'emptied' | 'kept'; value: Uint8Array };

const EMPTY = new Uint8Array(0);

/** Action C on a DA, DT or TM value: shift by the patient's offset, set a fixed date, or remove, as the profile says. */
export function cleanTemporal(element: DataElement, context: TransformContext): TemporalResult {
  if (element.vr === 'TM') {
    return context.times === 'keep' ? { kind: 'kept', value: element.value } : { kind: 'emptied', value: EMPTY };
  }
  const text = asciiOf(element);
  if (text === '') return { kind: 'kept', value: element.value };
  switch (context.dateCleaning) {
    case 'remove':
      return { kind: 'emptied', value: EMPTY };
    case 'fixed': {
      const fixed = element.vr === 'DT' ? `${context.fixedDate}000000` : context.fixedDate;
      return { kind: 'replaced', value: encodeAscii(mapDateValues(text, () => fixed), element.vr) };
    }
    case 'shift': {
      const shiftOne = element.vr === 'DT'
        ? (value: string) => shiftDateTime(value, context.dateOffsetDays)
        : (value: string) => shiftDate(value, context.dateOffsetDays);
      try {
        return { kind: 'shifted', value: encodeAscii(mapDateValues(text, shiftOne), element.vr) };
      } catch {
        // A value that is not a date cannot be shifted; it cannot be trusted either.
        return { kind: 'emptied', value: EMPTY };
      }
    }
  }
}
