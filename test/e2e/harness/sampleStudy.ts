/** Puts a small synthetic study into an Orthanc, made by Orthanc itself from a PNG (/tools/create-dicom). */
import { greyscalePng } from './png.js';

export interface SampleStudy {
  studyInstanceUID: string;
  patientName: string;
  patientID: string;
  studyDescription: string;
}

export const SAMPLE_STUDY: SampleStudy = {
  studyInstanceUID: '1.2.826.0.1.3680043.8.498.2026112201',
  patientName: 'DOE^JANE',
  patientID: 'E2E-0001',
  studyDescription: 'E2E synthetic study',
};

/** A second patient's study, for sharing several studies at once. */
export const SECOND_STUDY: SampleStudy = {
  studyInstanceUID: '1.2.826.0.1.3680043.8.498.2026112202',
  patientName: 'ROE^RICHARD',
  patientID: 'E2E-0002',
  studyDescription: 'E2E second study',
};

export async function uploadSampleStudy(
  orthancUrl: string,
  study: SampleStudy,
  credentials?: { username: string; password: string },
): Promise<void> {
  const png = greyscalePng(128, 128, (x, y) => 255 * (0.5 + 0.5 * Math.sin(x / 9) * Math.cos(y / 13)));
  const response = await fetch(`${orthancUrl}/tools/create-dicom`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(credentials && { authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` }),
    },
    body: JSON.stringify({
      Tags: {
        PatientName: study.patientName,
        PatientID: study.patientID,
        PatientBirthDate: '19700101',
        StudyInstanceUID: study.studyInstanceUID,
        StudyDescription: study.studyDescription,
        StudyDate: '20261122',
        AccessionNumber: `ACC-${study.patientID}`,
        SeriesDescription: 'Synthetic image',
        Modality: 'OT',
      },
      Content: `data:image/png;base64,${png.toString('base64')}`,
      // Orthanc generates UIDs itself; Force lets the test fix the StudyInstanceUID it looks for.
      Force: true,
    }),
  });
  if (!response.ok) throw new Error(`Orthanc refused the sample study: HTTP ${response.status} ${await response.text()}`);
}
