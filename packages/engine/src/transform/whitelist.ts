import { formatTag, groupOf, isPrivateTag, parseTag, tagForKeyword, type DataSet, type Tag } from '@deid-share/dicom';
import type { WhitelistStage } from '../profile/profile.js';
import type { ChangeLog } from './change-log.js';

/**
 * What every de-identified object keeps whatever the whitelist says, so it stays a valid, viewable object:
 * identity of the object, the new patient identity, the image pixel description (group 0028), and the skeleton of
 * structured reports (value types, relationships, concept names as codes, completion and verification flags, the
 * content's date and time as the first stage left them). Free text and person names inside SR stay out unless listed.
 */
const STRUCTURAL_KEYWORDS = [
  'SpecificCharacterSet', 'ImageType', 'SOPClassUID', 'SOPInstanceUID', 'Modality', 'StudyInstanceUID',
  'SeriesInstanceUID', 'PatientID', 'PatientName', 'InstanceNumber', 'SeriesNumber', 'FrameOfReferenceUID',
  'PatientIdentityRemoved', 'DeidentificationMethod', 'DeidentificationMethodCodeSequence', 'PixelData',
  'ValueType', 'RelationshipType', 'ContinuityOfContent', 'ConceptNameCodeSequence', 'CodeValue',
  'CodingSchemeDesignator', 'CodingSchemeVersion', 'CodeMeaning', 'CompletionFlag', 'VerificationFlag',
  'ContentDate', 'ContentTime', 'ContentSequence', 'ContentTemplateSequence', 'MappingResource', 'TemplateIdentifier',
];
const STRUCTURAL_GROUPS = new Set([0x0028]);

function resolve(names: readonly string[]): Set<Tag> {
  const tags = new Set<Tag>();
  for (const name of names) {
    const tag = name.startsWith('(') ? parseTag(name) : tagForKeyword(name);
    if (tag !== undefined) tags.add(tag);
  }
  return tags;
}

/** The second stage: every value the first stage left that the whitelist does not name is removed, at every depth. */
export class Whitelist {
  readonly #keep: Set<Tag>;

  constructor(readonly stage: WhitelistStage) {
    this.#keep = resolve([...stage.keep, ...STRUCTURAL_KEYWORDS]);
  }

  /** Whether an attribute survives the second stage (private attributes never do). */
  keeps(tag: Tag): boolean {
    return !isPrivateTag(tag) && (this.#keep.has(tag) || STRUCTURAL_GROUPS.has(groupOf(tag)));
  }

  apply(dataset: DataSet, changes: ChangeLog | undefined, pathText = ''): void {
    for (const element of dataset.sorted()) {
      // An element the first stage emptied carries nothing, and it may be required (Type 2): it stays. Private
      // elements go even when empty: no IOD requires them, and without their creator they are orphans.
      const empty = element.vr === 'SQ' ? (element.items?.length ?? 0) === 0 : element.value.length === 0;
      if ((!empty || isPrivateTag(element.tag)) && !this.keeps(element.tag)) {
        dataset.delete(element.tag);
        changes?.record(pathText, element.tag, 'removed', `second stage "${this.stage.title}": not whitelisted`, element, undefined, []);
      } else if (element.items) {
        element.items.forEach((item, index) => this.apply(item, changes, `${pathText}${formatTag(element.tag)}[${index}].`));
      }
    }
  }
}
