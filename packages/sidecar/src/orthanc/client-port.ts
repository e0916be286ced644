import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

import { OrthancClient, OrthancRequestError } from '@deid-share/orthanc-client';

import type { OrthancEndpoint } from '../config/types.js';
import { OrthancError, type OrthancPort, type RoutingFacts, type StudyInstance } from './port.js';

/** TLS and certificate problems are not fixed by trying again. */
const PERMANENT_CODES = /CERT|TLS|SSL|ERR_INVALID/;

function translate(error: unknown): unknown {
  if (error instanceof OrthancRequestError) {
    if (error.status !== undefined) return new OrthancError('http', error.message, error.status);
    return new OrthancError(PERMANENT_CODES.test(error.code ?? '') ? 'protocol' : 'unreachable', error.message);
  }
  return error;
}

async function translated<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw translate(error);
  }
}

/**
 * OrthancPort over @deid-share/orthanc-client. The client's own retries are off: the sidecar retries
 * with the policy in its config (limits.attempts), so retries are counted once and show in metrics.
 */
export function orthancPort(endpoint: OrthancEndpoint): OrthancPort {
  const ca = endpoint.caFile ? readFileSync(endpoint.caFile) : undefined;
  const client = new OrthancClient({
    url: endpoint.url,
    ...(endpoint.credentials ? { auth: endpoint.credentials } : {}),
    ...(ca ? { ca } : {}),
    timeouts: { headersMs: endpoint.timeoutMs, bodyMs: endpoint.timeoutMs },
    retry: { attempts: 1 },
  });
  const getJson = restGetter(endpoint, ca);

  const missingAsUndefined = async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await translated(action);
    } catch (error) {
      if (error instanceof OrthancError && error.status === 404) return undefined;
      throw error;
    }
  };

  return {
    url: client.server,
    async version() {
      return (await translated(() => client.system())).Version;
    },
    async findStudies(studyInstanceUID) {
      const matches = await translated(() => client.lookup(studyInstanceUID));
      return matches.filter((match) => match.Type === 'Study').map((match) => match.ID);
    },
    async studyInstanceUID(studyId) {
      const study = await missingAsUndefined(() => client.getStudy(studyId));
      return study?.MainDicomTags.StudyInstanceUID;
    },
    async studyInstances(studyId): Promise<StudyInstance[]> {
      const instances = await translated(() => client.getStudyInstances(studyId));
      // Orthanc lists instances in no particular order: series, then position in the series, then UID.
      instances.sort(
        (a, b) =>
          a.ParentSeries.localeCompare(b.ParentSeries) ||
          (a.IndexInSeries ?? Number.MAX_SAFE_INTEGER) - (b.IndexInSeries ?? Number.MAX_SAFE_INTEGER) ||
          a.MainDicomTags.SOPInstanceUID.localeCompare(b.MainDicomTags.SOPInstanceUID, 'en', { numeric: true }),
      );
      return instances.map((instance) => ({ id: instance.ID, sopInstanceUID: instance.MainDicomTags.SOPInstanceUID, fileSize: instance.FileSize }));
    },
    async instanceFile(instanceId, allocate) {
      const bytes = await translated(() => (allocate ? client.getInstanceFile(instanceId, allocate) : client.getInstanceFile(instanceId)));
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    async upload(chunks) {
      const result = await translated(() => client.uploadInstance(chunks));
      return { id: result.ID, studyId: result.ParentStudy, status: result.Status };
    },
    async deleteStudy(studyId) {
      const deleted = await missingAsUndefined(async () => {
        await client.deleteStudy(studyId);
        return true;
      });
      return deleted ?? false;
    },
    async deleteInstance(instanceId) {
      const deleted = await missingAsUndefined(async () => {
        await client.deleteInstance(instanceId);
        return true;
      });
      return deleted ?? false;
    },
    async findStudiesOfPatient(patientId) {
      const studies = await translated(() => client.findStudies({ PatientID: patientId }, { caseSensitive: true }));
      // Orthanc's find treats * and ? as wildcards: keep exact matches only.
      return studies.filter((study) => study.PatientMainDicomTags.PatientID === patientId).map((study) => study.ID);
    },
    async routingFacts(studyId): Promise<RoutingFacts | undefined> {
      const study = await missingAsUndefined(() => client.getStudy(studyId));
      if (!study) return undefined;
      const series = (await getJson(`/studies/${encodeURIComponent(studyId)}/series`)) as Array<{ MainDicomTags?: Record<string, string>; Instances?: string[] }>;
      const modalities = new Set<string>();
      const calling = new Set<string>();
      const called = new Set<string>();
      for (const one of series ?? []) {
        const modality = one.MainDicomTags?.Modality?.trim();
        if (modality) modalities.add(modality);
        // One instance per series tells who sent it; series are received from one device.
        const first = one.Instances?.[0];
        if (!first) continue;
        const metadata = (await getJson(`/instances/${encodeURIComponent(first)}/metadata?expand`)) as Record<string, string> | undefined;
        if (metadata?.RemoteAET) calling.add(metadata.RemoteAET.trim());
        if (metadata?.CalledAET) called.add(metadata.CalledAET.trim());
      }
      // Labels exist from Orthanc 1.12 on; older servers answer 404.
      const labels = ((await getJson(`/studies/${encodeURIComponent(studyId)}/labels`)) as string[] | undefined) ?? [];
      const tags = study.MainDicomTags;
      return {
        studyInstanceUID: tags.StudyInstanceUID,
        modalities: [...modalities],
        callingAETs: [...calling],
        calledAETs: [...called],
        ...(tags.InstitutionName ? { institution: tags.InstitutionName } : {}),
        ...(tags.StudyDescription ? { studyDescription: tags.StudyDescription } : {}),
        labels: Array.isArray(labels) ? labels : [],
      };
    },
    close: () => client.close(),
  };
}

/**
 * GET of REST routes the client does not cover (series of a study, instance metadata, labels):
 * JSON, undefined on 404, OrthancError otherwise.
 */
function restGetter(endpoint: OrthancEndpoint, ca: Buffer | undefined): (path: string) => Promise<unknown> {
  const base = new URL(endpoint.url);
  const prefix = base.pathname.replace(/\/+$/, '');
  const auth = endpoint.credentials ? `Basic ${Buffer.from(`${endpoint.credentials.username}:${endpoint.credentials.password}`).toString('base64')}` : undefined;
  return (path) =>
    new Promise((resolve, reject) => {
      const send = base.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(
        {
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port,
          path: `${prefix}${path}`,
          method: 'GET',
          headers: { accept: 'application/json', ...(auth ? { authorization: auth } : {}) },
          timeout: endpoint.timeoutMs,
          ...(ca ? { ca } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => reject(new OrthancError('unreachable', `Orthanc GET ${path} on ${base.origin}: ${error.message}`)));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status === 404) return resolve(undefined);
            if (status < 200 || status >= 300) return reject(new OrthancError('http', `Orthanc GET ${path} on ${base.origin} answered HTTP ${status}`, status));
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
            } catch {
              reject(new OrthancError('protocol', `Orthanc GET ${path} on ${base.origin} did not answer JSON`));
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', (error) => reject(new OrthancError('unreachable', `Orthanc GET ${path} on ${base.origin}: ${error.message}`)));
      req.end();
    });
}
