import { Type, type Static } from '@sinclair/typebox';

import { OrthancId } from './primitives.js';

/** Orthanc's OnStableStudy call; other fields of the body are ignored. */
export const StableStudy = Type.Object({ orthancStudyId: OrthancId });
export type StableStudy = Static<typeof StableStudy>;

export const StableStudyReceipt = Type.Object({ accepted: Type.Boolean() });
