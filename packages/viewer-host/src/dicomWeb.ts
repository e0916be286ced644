/**
 * The DICOMweb resources the viewer reads (QIDO-RS searches, WADO-RS retrieve, metadata, frames, rendered,
 * thumbnails and bulk data), and nothing else: not Orthanc's REST API, not the DICOMweb plugin's `servers/`
 * (which makes Orthanc send to remote servers), not STOW-RS.
 */
export const DICOM_WEB_METHODS: readonly string[] = ['GET', 'HEAD'];

const UID = /^[0-9]+(\.[0-9]+)*$/;
const FRAME_LIST = /^[0-9]+(,[0-9]+)*$/;
/** Orthanc's BulkDataURIs end in a tag path: tags as 8 hex digits, item indexes as numbers. */
const BULK_STEP = /^(?:[0-9a-fA-F]{8}|[0-9]+)$/;
const RENDITIONS = new Set(['metadata', 'rendered', 'thumbnail']);

const isUid = (segment: string | undefined) => segment !== undefined && segment.length <= 64 && UID.test(segment);

/** Whether the segments below the DICOMweb root name a resource the viewer may read. */
export function isDicomWebResource(segments: readonly string[]): boolean {
  const [level, ...rest] = segments;
  if (level === 'series' || level === 'instances') return rest.length === 0;
  if (level !== 'studies') return false;
  return isStudyResource(rest);
}

function isStudyResource([study, child, ...rest]: readonly string[]): boolean {
  if (study === undefined) return true;
  if (!isUid(study)) return false;
  if (child === undefined) return true;
  if (RENDITIONS.has(child) || child === 'instances') return rest.length === 0;
  return child === 'series' && isSeriesResource(rest);
}

function isSeriesResource([series, child, ...rest]: readonly string[]): boolean {
  if (series === undefined) return true;
  if (!isUid(series)) return false;
  if (child === undefined) return true;
  if (RENDITIONS.has(child)) return rest.length === 0;
  return child === 'instances' && isInstanceResource(rest);
}

function isInstanceResource([instance, child, ...rest]: readonly string[]): boolean {
  if (instance === undefined) return true;
  if (!isUid(instance)) return false;
  if (child === undefined) return true;
  if (RENDITIONS.has(child)) return rest.length === 0;
  if (child === 'bulk') return rest.length > 0 && rest.length <= 16 && rest.every((step) => BULK_STEP.test(step));
  if (child !== 'frames') return false;
  const [frames, rendition, ...extra] = rest;
  if (frames === undefined || !FRAME_LIST.test(frames) || extra.length > 0) return false;
  return rendition === undefined || rendition === 'rendered' || rendition === 'thumbnail';
}
