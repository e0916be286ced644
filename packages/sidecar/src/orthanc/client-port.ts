import { readFileSync } from 'node:fs';

import { OrthancClient, OrthancRequestError } from '@deid-share/orthanc-client';

import type { OrthancEndpoint } from '../config/types.js';
import type { OrthancPort, RoutingFacts, StudyInstance } from './port.js';

/** A resource Orthanc does not have: undefined instead of the 404 error. */
async function missingAsUndefined<T>(action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof OrthancRequestError && error.status === 404) return undefined;
    throw error;
  }
}

/**
 * OrthancPort over @deid-share/orthanc-client; errors are the client's OrthancRequestError. The client's own retries
 * are off: the sidecar retries whole operations with the client's retry policy and the attempts of its config
 * (limits.attempts), so retries are counted once and show in metrics.
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

  return {
    url: client.server,
    async version() {
      return (await client.system()).Version;
    },
    async findStudies(studyInstanceUID) {
      const matches = await client.lookup(studyInstanceUID);
      return matches.filter((match) => match.Type === 'Study').map((match) => match.ID);
    },
    async studyInstanceUID(studyId) {
      const study = await missingAsUndefined(() => client.getStudy(studyId));
      return study?.MainDicomTags.StudyInstanceUID;
    },
    async studyInstances(studyId): Promise<StudyInstance[]> {
      const instances = await client.getStudyInstances(studyId);
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
      const bytes = await (allocate ? client.getInstanceFile(instanceId, allocate) : client.getInstanceFile(instanceId));
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    async upload(chunks) {
      const result = await client.uploadInstance(chunks);
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
      const studies = await client.findStudies({ PatientID: patientId }, { caseSensitive: true });
      // Orthanc's find treats * and ? as wildcards: keep exact matches only.
      return studies.filter((study) => study.PatientMainDicomTags.PatientID === patientId).map((study) => study.ID);
    },
    async routingFacts(studyId): Promise<RoutingFacts | undefined> {
      const study = await missingAsUndefined(() => client.getStudy(studyId));
      if (!study) return undefined;
      const series = (await missingAsUndefined(() => client.getStudySeries(studyId))) ?? [];
      const modalities = new Set<string>();
      const calling = new Set<string>();
      const called = new Set<string>();
      for (const one of series) {
        const modality = one.MainDicomTags.Modality?.trim();
        if (modality) modalities.add(modality);
        // One instance per series tells who sent it; series are received from one device.
        const first = one.Instances[0];
        if (!first) continue;
        const metadata = await missingAsUndefined(() => client.getInstanceMetadata(first));
        if (metadata?.RemoteAET) calling.add(metadata.RemoteAET.trim());
        if (metadata?.CalledAET) called.add(metadata.CalledAET.trim());
      }
      // Labels exist from Orthanc 1.12 on; older servers answer 404.
      const labels = (await missingAsUndefined(() => client.getStudyLabels(studyId))) ?? [];
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
