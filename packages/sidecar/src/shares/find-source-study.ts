import { conflict, notFound } from '../errors.js';
import { orthancFailure } from '../orthanc/failure.js';
import type { SidecarServices } from '../services.js';

/** The source study named by a StudyInstanceUID or an Orthanc ID. */
export async function findSourceStudy(services: SidecarServices, by: { studyInstanceUID?: string; orthancStudyId?: string }): Promise<{ id: string; studyInstanceUID: string }> {
  try {
    if (by.orthancStudyId !== undefined) {
      const uid = await services.source.studyInstanceUID(by.orthancStudyId);
      if (uid === undefined) throw notFound(`the source Orthanc has no study ${by.orthancStudyId}`);
      return { id: by.orthancStudyId, studyInstanceUID: uid };
    }
    const uid = by.studyInstanceUID as string;
    const ids = await services.source.findStudies(uid);
    if (ids.length === 0) throw notFound('the source Orthanc has no study with this StudyInstanceUID');
    if (ids.length > 1) throw conflict('ambiguous_study', `the source Orthanc holds ${ids.length} studies with this StudyInstanceUID (different patients); share by orthancStudyId`);
    return { id: ids[0] as string, studyInstanceUID: uid };
  } catch (error) {
    throw orthancFailure('source', error);
  }
}
