/**
 * What the sidecar needs from an Orthanc server, source or peer. One implementation wraps
 * @deid-share/orthanc-client; tests may pass their own. Errors are OrthancError values.
 */

export interface StudyInstance {
  /** Orthanc ID. */
  readonly id: string;
  readonly sopInstanceUID: string;
  /** Bytes of the stored file, when Orthanc reports it (used to budget memory). */
  readonly fileSize?: number;
}

/** What routing rules look at, read from the source Orthanc. */
export interface RoutingFacts {
  readonly studyInstanceUID: string;
  readonly modalities: readonly string[];
  readonly callingAETs: readonly string[];
  readonly calledAETs: readonly string[];
  readonly institution?: string;
  readonly studyDescription?: string;
  readonly labels: readonly string[];
}

export interface UploadResult {
  /** Orthanc ID of the stored instance. */
  readonly id: string;
  /** Orthanc ID of its study. */
  readonly studyId: string;
  /** `Success` or `AlreadyStored`. */
  readonly status: string;
}

export type OrthancErrorKind =
  /** Connection refused, reset, timed out: worth retrying. */
  | 'unreachable'
  /** The server answered with an error status. */
  | 'http'
  /** The server answered something that is not what Orthanc answers. */
  | 'protocol';

export class OrthancError extends Error {
  constructor(
    readonly kind: OrthancErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'OrthancError';
  }

  /** Connection problems, 5xx, 429 and 408 may pass; other 4xx will not. */
  get transient(): boolean {
    if (this.kind === 'unreachable') return true;
    if (this.kind === 'protocol') return false;
    const status = this.status ?? 0;
    return status >= 500 || status === 429 || status === 408;
  }
}

export interface OrthancPort {
  /** Base URL, for messages (no credentials in it). */
  readonly url: string;
  /** The server's Orthanc version: one light request, to tell whether it can be reached now. */
  version(): Promise<string>;
  /** Orthanc IDs of the studies with this StudyInstanceUID (usually 0 or 1). */
  findStudies(studyInstanceUID: string): Promise<string[]>;
  /** The StudyInstanceUID of a study, or undefined when Orthanc has no such study. */
  studyInstanceUID(studyId: string): Promise<string | undefined>;
  /** Instances of a study in series and instance order. */
  studyInstances(studyId: string): Promise<StudyInstance[]>;
  /** The stored DICOM file; read into memory from `allocate` when given (called once per attempt, with the length). */
  instanceFile(instanceId: string, allocate?: (byteLength: number) => Uint8Array): Promise<Uint8Array>;
  /** Stores a DICOM file given as chunks (sent without concatenating them). */
  upload(chunks: readonly Uint8Array[]): Promise<UploadResult>;
  /** False when there was nothing to delete. */
  deleteStudy(studyId: string): Promise<boolean>;
  /** False when there was nothing to delete. */
  deleteInstance(instanceId: string): Promise<boolean>;
  /** Orthanc IDs of the studies of patients with this PatientID. */
  findStudiesOfPatient(patientId: string): Promise<string[]>;
  routingFacts(studyId: string): Promise<RoutingFacts | undefined>;
  close(): Promise<void>;
}
