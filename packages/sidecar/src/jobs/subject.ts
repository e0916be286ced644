import { characterSetOf, makeTag, parseDicom, textOf } from '@deid-share/dicom';

const PATIENT_ID = makeTag(0x0010, 0x0020);
const ISSUER_OF_PATIENT_ID = makeTag(0x0010, 0x0021);

/** Issuer of Patient ID + Patient ID of an original instance, read as the engine reads them. */
export function subjectOfInstance(bytes: Uint8Array): { issuer: string; patientId: string } | undefined {
  try {
    const { dataset } = parseDicom(bytes);
    const charset = characterSetOf(dataset);
    const text = (tag: number) => {
      const element = dataset.get(tag);
      return element ? textOf(element, charset) : '';
    };
    const patientId = text(PATIENT_ID);
    return patientId.trim() === '' ? undefined : { issuer: text(ISSUER_OF_PATIENT_ID), patientId };
  } catch {
    return undefined;
  }
}
