/**
 * What the sidecar needs from an Orthanc server, source or peer. One implementation wraps
 * @deid-share/orthanc-client (client-port.ts); tests may pass their own. Errors are the client's
 * OrthancRequestError values; isTransient (from the client) says which are worth retrying.
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
