import type { Dispatcher } from 'undici';
import { OrthancRequestError } from './errors.js';
import { pollJobUntilDone, type JobRunOptions, type JobWaitOptions } from './job-waiting.js';
import type {
  AnonymizationResult,
  AnonymizeRequest,
  LookupMatch,
  InstanceMetadata,
  OrthancInstanceSummary,
  OrthancJob,
  OrthancSeries,
  OrthancStudy,
  OrthancSystem,
  PeerStoreResult,
  UploadResult,
} from './orthanc-types.js';
import { jsonBody, textBody, uploadBody, type UploadBody } from './request-body.js';
import { OrthancTransport, type TransportOptions, type TransportRequest } from './transport.js';

export type OrthancClientOptions = TransportOptions;

/** Filters for POST /tools/find at study level: DICOM keyword → value, with Orthanc's wildcards and date ranges. */
export interface StudyQuery {
  StudyInstanceUID?: string;
  PatientID?: string;
  AccessionNumber?: string;
  StudyDate?: string;
  StudyDescription?: string;
  ModalitiesInStudy?: string;
  [keyword: string]: string | undefined;
}

export interface FindOptions {
  limit?: number;
  /** Skip this many matches (with limit, for paging). */
  since?: number;
  caseSensitive?: boolean;
}

/** Typed calls to one Orthanc's REST API, over one keep-alive connection pool. */
export class OrthancClient {
  private readonly transport: OrthancTransport;

  constructor(options: OrthancClientOptions) {
    this.transport = new OrthancTransport(options);
  }

  /** Origin and base path of this Orthanc, for messages. */
  get server(): string {
    return this.transport.server;
  }

  system(): Promise<OrthancSystem> {
    return this.getJson('/system');
  }

  /** Studies matching the query, with their tags (POST /tools/find, Level Study, Expand). */
  findStudies(query: StudyQuery, options: FindOptions = {}): Promise<OrthancStudy[]> {
    const definedFilters = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined));
    const body = {
      Level: 'Study',
      Query: definedFilters,
      Expand: true,
      ...(options.limit === undefined ? {} : { Limit: options.limit }),
      ...(options.since === undefined ? {} : { Since: options.since }),
      ...(options.caseSensitive === undefined ? {} : { CaseSensitive: options.caseSensitive }),
    };
    // A search changes nothing, so it is retried like a GET.
    return this.send({ method: 'POST', path: '/tools/find', body: jsonBody(body), contentType: 'application/json', idempotent: true }, 'json');
  }

  /** Orthanc resources whose PatientID, StudyInstanceUID, SeriesInstanceUID or SOPInstanceUID equals `dicomId`. */
  lookup(dicomId: string): Promise<LookupMatch[]> {
    return this.send({ method: 'POST', path: '/tools/lookup', body: textBody(dicomId), contentType: 'text/plain', idempotent: true }, 'json');
  }

  getStudy(studyId: string): Promise<OrthancStudy> {
    return this.getJson(`/studies/${encodeURIComponent(studyId)}`);
  }

  getStudyInstances(studyId: string): Promise<OrthancInstanceSummary[]> {
    return this.getJson(`/studies/${encodeURIComponent(studyId)}/instances`);
  }

  getStudySeries(studyId: string): Promise<OrthancSeries[]> {
    return this.getJson(`/studies/${encodeURIComponent(studyId)}/series`);
  }

  /** The labels of a study (Orthanc 1.12 and later; older servers answer 404). */
  getStudyLabels(studyId: string): Promise<string[]> {
    return this.getJson(`/studies/${encodeURIComponent(studyId)}/labels`);
  }

  /** Orthanc's metadata of an instance: who sent it (RemoteAET), to which AE title (CalledAET), when, how. */
  getInstanceMetadata(instanceId: string): Promise<InstanceMetadata> {
    return this.getJson(`/instances/${encodeURIComponent(instanceId)}/metadata?expand`);
  }

  /**
   * The stored DICOM file, whole in memory. `allocate`, if given, supplies the memory for a body whose length
   * Orthanc announces (a caller may reuse buffers this way); it is called once per attempt.
   */
  getInstanceFile(instanceId: string): Promise<Buffer>;
  getInstanceFile<T extends Uint8Array>(instanceId: string, allocate: (byteLength: number) => T): Promise<T | Buffer>;
  getInstanceFile(instanceId: string, allocate?: (byteLength: number) => Uint8Array): Promise<Uint8Array> {
    const request: TransportRequest = { method: 'GET', path: instanceFilePath(instanceId), idempotent: true };
    return allocate ? this.transport.request(request, (response) => readBodyInto(response, allocate)) : this.send(request, 'buffer');
  }

  /**
   * Stores one DICOM instance (POST /instances). Buffers and chunk lists are retried on transient failures, since
   * storing the same SOP instance again is harmless in Orthanc; one-shot streams cannot be re-sent and are not.
   */
  uploadInstance(body: UploadBody): Promise<UploadResult> {
    return this.send({ method: 'POST', path: '/instances', body: uploadBody(body), contentType: 'application/dicom', idempotent: true }, 'json');
  }

  deleteStudy(studyId: string): Promise<void> {
    return this.deleteResource(`/studies/${encodeURIComponent(studyId)}`);
  }

  deleteInstance(instanceId: string): Promise<void> {
    return this.deleteResource(`/instances/${encodeURIComponent(instanceId)}`);
  }

  /** Orthanc's own anonymization of a study into a new study (used to compare against deid-share's engine). */
  anonymizeStudy(studyId: string, request: AnonymizeRequest, options: JobRunOptions = {}): Promise<AnonymizationResult> {
    return this.runJob(`/studies/${encodeURIComponent(studyId)}/anonymize`, { ...request }, options);
  }

  /** Sends resources (any level, by Orthanc ID) to a peer from this Orthanc's "OrthancPeers". */
  storeToPeer(peer: string, resourceIds: readonly string[], options: JobRunOptions & { transcode?: string; compress?: boolean } = {}): Promise<PeerStoreResult> {
    const body = {
      Resources: resourceIds,
      ...(options.transcode === undefined ? {} : { Transcode: options.transcode }),
      ...(options.compress === undefined ? {} : { Compress: options.compress }),
    };
    return this.runJob(`/peers/${encodeURIComponent(peer)}/store`, body, options);
  }

  getJob<Content = unknown>(jobId: string): Promise<OrthancJob<Content>> {
    return this.getJson(`/jobs/${encodeURIComponent(jobId)}`);
  }

  /** Waits for a job submitted elsewhere; resolves with its Content, throws OrthancJobError on failure or timeout. */
  waitForJob<Content = unknown>(jobId: string, options: JobWaitOptions = {}): Promise<Content> {
    return pollJobUntilDone<Content>(jobId, (id) => this.getJob<Content>(id), options);
  }

  /** Closes the connection pool; the client cannot be used afterwards. */
  close(): Promise<void> {
    return this.transport.close();
  }

  private async runJob<Content>(path: string, body: Record<string, unknown>, options: JobRunOptions): Promise<Content> {
    // Submitting a job twice would run it twice, so job routes are never retried.
    const request = (mode: Record<string, boolean>): TransportRequest => ({
      method: 'POST',
      path,
      body: jsonBody({ ...body, ...mode }),
      contentType: 'application/json',
      idempotent: false,
    });
    if (options.synchronous) return this.send<Content>(request({ Synchronous: true }), 'json');
    const submitted = await this.send<{ ID: string }>(request({ Asynchronous: true }), 'json');
    return this.waitForJob<Content>(submitted.ID, options);
  }

  private async deleteResource(path: string): Promise<void> {
    try {
      await this.send({ method: 'DELETE', path, idempotent: true }, 'drain');
    } catch (error) {
      // A retried DELETE answering 404 means an earlier attempt deleted it but its answer was lost.
      if (error instanceof OrthancRequestError && error.status === 404 && error.retried) return;
      throw error;
    }
  }

  private getJson<T>(path: string): Promise<T> {
    return this.send({ method: 'GET', path, idempotent: true }, 'json');
  }

  private send<T>(request: TransportRequest, as: 'json'): Promise<T>;
  private send(request: TransportRequest, as: 'buffer'): Promise<Buffer>;
  private send(request: TransportRequest, as: 'drain'): Promise<void>;
  private send(request: TransportRequest, as: 'json' | 'buffer' | 'drain'): Promise<unknown> {
    return this.transport.request(request, async (response) => {
      switch (as) {
        case 'json':
          return response.body.json();
        case 'buffer':
          return Buffer.from(await response.body.arrayBuffer());
        case 'drain':
          await response.body.dump();
          return undefined;
      }
    });
  }
}

/**
 * Reads a body into memory from `allocate` when its Content-Length is known (otherwise into a new Buffer), and
 * checks that exactly that many bytes arrived.
 */
async function readBodyInto(response: Dispatcher.ResponseData, allocate: (byteLength: number) => Uint8Array): Promise<Uint8Array> {
  const announced = Number(response.headers['content-length']);
  if (!Number.isSafeInteger(announced) || announced < 0) return Buffer.from(await response.body.arrayBuffer());
  let target: Uint8Array;
  try {
    target = allocate(announced);
  } catch (error) {
    // The caller will not take the body (too large, say): the connection must not stay busy with it.
    response.body.destroy();
    throw error;
  }
  let received = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    if (received + chunk.byteLength > announced) {
      response.body.destroy();
      throw new Error(`the body is longer than its Content-Length (${announced} bytes)`);
    }
    target.set(chunk, received);
    received += chunk.byteLength;
  }
  if (received !== announced) throw new Error(`the body ended after ${received} of its ${announced} bytes`);
  return target;
}

function instanceFilePath(instanceId: string): string {
  return `/instances/${encodeURIComponent(instanceId)}/file`;
}
