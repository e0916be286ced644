/** Shapes of Orthanc 1.10 REST answers, limited to the fields deid-share reads. Tag values are DICOM strings. */

export type MainDicomTags = Record<string, string>;
export type ResourceLevel = 'Patient' | 'Study' | 'Series' | 'Instance';

/** GET /system */
export interface OrthancSystem {
  Name: string;
  Version: string;
  ApiVersion: number;
  DatabaseVersion: number;
  DicomAet: string;
  DicomPort: number;
  HttpPort: number;
  PluginsEnabled: boolean;
  CheckRevisions: boolean;
  /** Only from Orthanc 1.12 on, where labels exist; absent on 1.10. */
  HasLabels?: boolean;
}

/** GET /studies/{id}, and the entries of POST /tools/find with Level "Study" and Expand. */
export interface OrthancStudy {
  ID: string;
  Type: 'Study';
  IsStable: boolean;
  LastUpdate: string;
  MainDicomTags: MainDicomTags & { StudyInstanceUID: string };
  PatientMainDicomTags: MainDicomTags;
  ParentPatient: string;
  Series: string[];
}

/** Entries of GET /studies/{id}/series. */
export interface OrthancSeries {
  ID: string;
  Type: 'Series';
  MainDicomTags: MainDicomTags;
  /** Orthanc IDs of the series' instances. */
  Instances: string[];
  ParentStudy: string;
}

/** GET /instances/{id}/metadata?expand: Orthanc's own facts about an instance (RemoteAET, CalledAET, Origin...). */
export type InstanceMetadata = Record<string, string>;

/** Entries of GET /studies/{id}/instances. */
export interface OrthancInstanceSummary {
  ID: string;
  Type: 'Instance';
  FileSize: number;
  FileUuid: string;
  IndexInSeries: number | null;
  MainDicomTags: MainDicomTags & { SOPInstanceUID: string };
  ParentSeries: string;
}

/** Entries of POST /tools/lookup. */
export interface LookupMatch {
  ID: string;
  Path: string;
  Type: ResourceLevel;
}

/** POST /instances. With OverwriteInstances, a re-sent instance also reports "Success". */
export interface UploadResult {
  ID: string;
  ParentPatient: string;
  ParentSeries: string;
  ParentStudy: string;
  Path: string;
  Status: 'Success' | 'AlreadyStored';
}

export type JobState = 'Pending' | 'Running' | 'Success' | 'Failure' | 'Paused' | 'Retry';

/** GET /jobs/{id} */
export interface OrthancJob<Content = unknown> {
  ID: string;
  Type: string;
  State: JobState;
  Progress: number;
  Priority: number;
  CreationTime: string;
  CompletionTime?: string;
  EffectiveRuntime: number;
  ErrorCode: number;
  ErrorDescription: string;
  Content: Content;
}

/** Result of an anonymization job (the new study). */
export interface AnonymizationResult {
  ID: string;
  Path: string;
  PatientID: string;
  Type: 'Study';
  InstancesCount: number;
  FailedInstancesCount: number;
}

/** Result of a store-to-peer job. */
export interface PeerStoreResult {
  /** The peer's URL(s). */
  Peer: string[];
  ParentResources: string[];
  InstancesCount: number;
  FailedInstancesCount: number;
  Size: string;
}

/** Body of POST /studies/{id}/anonymize (Orthanc's own de-identification; see the Orthanc Book). */
export interface AnonymizeRequest {
  Replace?: Record<string, string>;
  Keep?: string[];
  Remove?: string[];
  KeepPrivateTags?: boolean;
  KeepSource?: boolean;
  Force?: boolean;
  DicomVersion?: string;
  PrivateCreator?: string;
  Permissive?: boolean;
  Priority?: number;
}
