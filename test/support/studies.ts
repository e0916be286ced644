/**
 * Synthetic studies made by Orthanc itself (POST /tools/create-dicom wraps a PNG into a real instance with
 * pixel data). Every instance gets an explicit SOP Class UID: create-dicom writes none unless told, and an
 * instance without one is not a composite object (the engine refuses it; see `malformed`).
 */
import { greyscalePng } from './png.js';

export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';

export interface StudySpec {
  patientId: string;
  patientName: string;
  issuer?: string;
  studyInstanceUID: string;
  description?: string;
  institution?: string;
  modality?: string;
  /** Further tags in every instance (e.g. a fuller identifying header). */
  header?: Record<string, string>;
  series?: number;
  instancesPerSeries?: number;
  /** Image edge in pixels (8-bit greyscale): 64 gives ~5 kB instances, 512 ~260 kB. */
  size?: number;
  /** Tags for particular instances (series index, instance index) → extra or overriding tags. */
  tweak?: (series: number, instance: number) => Record<string, string | undefined> | undefined;
}

export interface CreatedStudy {
  orthancStudyId: string;
  studyInstanceUID: string;
  sopInstanceUIDs: string[];
}

export function basicAuth(credentials?: { username: string; password: string }): Record<string, string> {
  return credentials ? { authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` } : {};
}

/** The DICOM tags of one instance of the spec (used for REST creation and for files sent with storescu). */
export function instanceTags(spec: StudySpec, series: number, instance: number): Record<string, string> {
  const seriesUID = `${spec.studyInstanceUID}.${series + 1}`;
  const tags: Record<string, string | undefined> = {
    PatientID: spec.patientId,
    PatientName: spec.patientName,
    ...(spec.issuer ? { IssuerOfPatientID: spec.issuer } : {}),
    PatientBirthDate: '19700101',
    PatientSex: 'F',
    StudyInstanceUID: spec.studyInstanceUID,
    StudyDescription: spec.description ?? 'Integration test study',
    StudyDate: '20260315',
    StudyTime: '101500',
    AccessionNumber: `ACC-${spec.patientId}`.slice(0, 16),
    ...(spec.institution ? { InstitutionName: spec.institution } : {}),
    ReferringPhysicianName: 'WHO^REFERRED',
    SeriesInstanceUID: seriesUID,
    SeriesNumber: String(series + 1),
    SeriesDescription: `Series ${series + 1}`,
    Modality: spec.modality ?? 'CT',
    SOPClassUID: CT_IMAGE_STORAGE,
    SOPInstanceUID: `${seriesUID}.${instance + 1}`,
    InstanceNumber: String(instance + 1),
    BurnedInAnnotation: 'NO',
    ...spec.header,
    ...(spec.tweak?.(series, instance) ?? {}),
  };
  // A tweak set to undefined removes the tag.
  return Object.fromEntries(Object.entries(tags).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export async function createInstance(
  orthancUrl: string,
  tags: Record<string, string>,
  size: number,
  credentials?: { username: string; password: string },
): Promise<{ ID: string; ParentStudy: string }> {
  const seed = Number.parseInt(tags.InstanceNumber ?? '1', 10);
  const png = greyscalePng(size, size, (x, y) => 128 + 120 * Math.sin((x + seed) / 7) * Math.cos((y - seed) / 11));
  const response = await fetch(`${orthancUrl}/tools/create-dicom`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...basicAuth(credentials) },
    body: JSON.stringify({ Tags: tags, Content: `data:image/png;base64,${png.toString('base64')}`, Force: true }),
  });
  if (!response.ok) throw new Error(`create-dicom: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as { ID: string; ParentStudy: string };
}

/** Creates the study in the Orthanc, a few instances at a time. */
export async function createStudy(orthancUrl: string, spec: StudySpec, credentials?: { username: string; password: string }): Promise<CreatedStudy> {
  const series = spec.series ?? 1;
  const perSeries = spec.instancesPerSeries ?? 3;
  const jobs: Array<Record<string, string>> = [];
  for (let s = 0; s < series; s++) for (let i = 0; i < perSeries; i++) jobs.push(instanceTags(spec, s, i));
  let studyId = '';
  for (let start = 0; start < jobs.length; start += 8) {
    const created = await Promise.all(jobs.slice(start, start + 8).map((tags) => createInstance(orthancUrl, tags, spec.size ?? 64, credentials)));
    studyId = created[0]?.ParentStudy ?? studyId;
  }
  return { orthancStudyId: studyId, studyInstanceUID: spec.studyInstanceUID, sopInstanceUIDs: jobs.map((tags) => tags.SOPInstanceUID as string) };
}

/** Tags that make an instance the engine will not release, with what each represents. */
export const UNSHAREABLE = {
  /** A malformed instance: no SOP Class UID (a Type 1 attribute). Orthanc stores it; the engine refuses it. */
  malformed: { SOPClassUID: undefined },
  /** An image that declares text burned into its pixels: the engine withholds it (no pixel rule applies). */
  burnedIn: { BurnedInAnnotation: 'YES' },
} as const;
