import { makeTag, stringValue, type DataSet } from '@deid-share/dicom';

const MODALITY = makeTag(0x0008, 0x0060);
const SOP_CLASS_UID = makeTag(0x0008, 0x0016);
const BURNED_IN_ANNOTATION = makeTag(0x0028, 0x0301);
const CONVERSION_TYPE = makeTag(0x0008, 0x0064);

/** Modalities whose images routinely carry text burned in by the device (PS3.15 E.3.1, TCIA practice). */
const TEXT_PRONE_MODALITIES = new Set(['US', 'XA', 'RF', 'ES', 'XC', 'GM', 'OT', 'SC', 'DOC', 'IVUS', 'OP']);

/** SOP classes made from screens or cameras: secondary captures, ultrasound, visible light and video. */
const TEXT_PRONE_SOP_CLASS_PREFIXES = [
  '1.2.840.10008.5.1.4.1.1.7', // Secondary Capture family
  '1.2.840.10008.5.1.4.1.1.6.', // Ultrasound (single and multi-frame)
  '1.2.840.10008.5.1.4.1.1.3.1', // Ultrasound Multi-frame (retired)
  '1.2.840.10008.5.1.4.1.1.77.1.', // Visible light images and video
];

const ENCAPSULATED_DOCUMENT_PREFIX = '1.2.840.10008.5.1.4.1.1.104.';

export interface WithholdPolicy {
  /** True when a pixel-cleaning step exists for this profile and will handle burned-in text. */
  readonly pixelCleaningAvailable: boolean;
}

/**
 * How likely the pixels carry burned-in text: `declared` when Burned In Annotation (0028,0301) says YES,
 * `possible` when it does not say NO on a modality or SOP class prone to it (screens, cameras, conversions).
 */
export function burnedInTextRisk(dataset: DataSet): 'declared' | 'possible' | undefined {
  const burnedIn = (stringValue(dataset, BURNED_IN_ANNOTATION) ?? '').toUpperCase();
  if (burnedIn === 'YES') return 'declared';
  if (burnedIn === 'NO') return undefined;
  const modality = (stringValue(dataset, MODALITY) ?? '').toUpperCase();
  const sopClass = stringValue(dataset, SOP_CLASS_UID) ?? '';
  const prone =
    TEXT_PRONE_MODALITIES.has(modality) ||
    TEXT_PRONE_SOP_CLASS_PREFIXES.some((prefix) => sopClass.startsWith(prefix)) ||
    dataset.has(CONVERSION_TYPE);
  return prone ? 'possible' : undefined;
}

/**
 * Objects the engine cannot make safe are withheld with a reason rather than passed through: encapsulated
 * documents whose content is not cleaned, and images that carry (or may carry) text burned into the pixels.
 */
export function withholdReason(dataset: DataSet, policy: WithholdPolicy): string | undefined {
  const sopClass = stringValue(dataset, SOP_CLASS_UID) ?? '';
  if (sopClass.startsWith(ENCAPSULATED_DOCUMENT_PREFIX)) {
    return `encapsulated document (SOP class ${sopClass}): its content (PDF, CDA, mesh) is not cleaned, so it is withheld`;
  }
  if (policy.pixelCleaningAvailable) return undefined;
  switch (burnedInTextRisk(dataset)) {
    case 'declared':
      return 'Burned In Annotation (0028,0301) is YES and no pixel cleaning applies: select clean-pixel-data (docs/pixels.md), or review by hand';
    case 'possible': {
      const modality = (stringValue(dataset, MODALITY) ?? '').toUpperCase();
      return `modality ${modality || '(none)'} / SOP class ${sopClass} often carries burned-in text and Burned In Annotation (0028,0301) does not say NO: withheld until clean-pixel-data covers it (docs/pixels.md)`;
    }
    default:
      return undefined;
  }
}
