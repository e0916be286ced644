/**
 * Test data made by Orthanc itself: POST /tools/create-dicom builds a valid DICOM instance from tags, so tests
 * need no DICOM writer and no files. All values are synthetic.
 */
import type { LocalOrthanc } from '@deid-share/orthanc-local';

export interface SyntheticInstance {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** Orthanc IDs as answered by create-dicom. */
  instanceId: string;
  studyId: string;
  patientId: string;
}

let counter = 0;

/** A UID under the "2.25" (UUID-derived) root, unique per call, so tests never collide. */
export function syntheticUid(): string {
  counter += 1;
  return `2.25.${BigInt(Date.now()) * 1_000_000n + BigInt(process.pid) * 1000n + BigInt(counter)}`;
}

/** Creates one instance in `orthanc` with the given study/series (new ones by default) and synthetic patient data. */
export async function createSyntheticInstance(
  orthanc: LocalOrthanc,
  options: { studyInstanceUid?: string; seriesInstanceUid?: string; patientId?: string; patientName?: string } = {},
): Promise<SyntheticInstance> {
  const ids = {
    studyInstanceUid: options.studyInstanceUid ?? syntheticUid(),
    seriesInstanceUid: options.seriesInstanceUid ?? syntheticUid(),
    sopInstanceUid: syntheticUid(),
  };
  const response = await fetch(`${orthanc.url}/tools/create-dicom`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(orthanc.credentials
        ? { authorization: `Basic ${Buffer.from(`${orthanc.credentials.username}:${orthanc.credentials.password}`).toString('base64')}` }
        : {}),
    },
    body: JSON.stringify({
      // Force: create-dicom refuses caller-chosen UIDs otherwise.
      Force: true,
      Tags: {
        PatientName: options.patientName ?? 'Synthetic^Test',
        PatientID: options.patientId ?? 'SYNTH-0001',
        PatientBirthDate: '19700101',
        StudyDescription: 'synthetic study',
        AccessionNumber: 'SYNTHACC1',
        Modality: 'OT',
        StudyInstanceUID: ids.studyInstanceUid,
        SeriesInstanceUID: ids.seriesInstanceUid,
        SOPInstanceUID: ids.sopInstanceUid,
      },
    }),
  });
  if (!response.ok) throw new Error(`POST ${orthanc.url}/tools/create-dicom answered HTTP ${response.status}: ${await response.text()}`);
  const created = (await response.json()) as { ID: string; ParentStudy: string; ParentPatient: string };
  return { ...ids, instanceId: created.ID, studyId: created.ParentStudy, patientId: created.ParentPatient };
}
