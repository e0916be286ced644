import { formatTag, groupOf, isPrivateTag, makeTag, parseTag, stringValue, tagForKeyword, type DataElement, type DataSet, type Tag } from '@deid-share/dicom';
import { attributeType } from '../iod/attribute-types.js';
import type { WhitelistStage } from '../profile/profile.js';
import type { ChangeLog } from './change-log.js';
import { dummyValue } from './dummy.js';

const SOP_CLASS_UID = makeTag(0x0008, 0x0016);

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

  /** Applies the whitelist to an instance; what its IOD requires is emptied (Type 2) or kept with a value (Type 1), never removed. */
  apply(dataset: DataSet, changes: ChangeLog | undefined): void {
    this.#apply(dataset, { sopClassUID: stringValue(dataset, SOP_CLASS_UID) ?? '', sequences: [], pathText: '', changes });
  }

  #apply(dataset: DataSet, at: { sopClassUID: string; sequences: readonly Tag[]; pathText: string; changes: ChangeLog | undefined }): void {
    const { sopClassUID, sequences, pathText, changes } = at;
    for (const element of dataset.sorted()) {
      const tag = element.tag;
      // An element the first stage emptied carries nothing, and it may be required (Type 2): it stays. Private
      // elements go even when empty: no IOD requires them, and without their creator they are orphans.
      const empty = element.vr === 'SQ' ? (element.items?.length ?? 0) === 0 : element.value.length === 0;
      const kept = this.keeps(tag);
      if (!kept && (!empty || isPrivateTag(tag))) {
        const type = isPrivateTag(tag) ? 3 : attributeType(sopClassUID, sequences, tag);
        const rule = `second stage "${this.stage.title}": not whitelisted`;
        if (type === 3) {
          dataset.delete(tag);
          changes?.record(pathText, tag, 'removed', rule, element, undefined, []);
          continue;
        }
        if (type === 2) {
          const emptied: DataElement = element.vr === 'SQ' ? { ...element, items: [] } : { ...element, value: new Uint8Array(0) };
          dataset.set(emptied);
          changes?.record(pathText, tag, 'emptied', `${rule}; Type 2 in its IOD, so emptied`, element, emptied, []);
          continue;
        }
        if (FREE_TEXT_VRS.has(element.vr)) {
          // Type 1 free text: a value is required, the text is not whitelisted.
          const dummy: DataElement = { ...element, value: dummyValue(element.vr, element.value) };
          dataset.set(dummy);
          changes?.record(pathText, tag, 'replaced', `${rule}; Type 1 in its IOD, so a dummy value`, element, dummy, []);
          continue;
        }
        // Type 1 codes, numbers, UIDs and sequences keep what the first stage left: a dummy would break the object's
        // meaning (enumerated values, pointers, counts), and the first stage and the residual scan have seen them.
      }
      if (element.items) {
        const inner = [...sequences, tag];
        element.items.forEach((item, index) => this.#apply(item, { sopClassUID, sequences: inner, pathText: `${pathText}${formatTag(tag)}[${index}].`, changes }));
      }
    }
  }
}

/** Text a person may have typed: never kept by a whitelist that does not name it, even where a value is required. */
const FREE_TEXT_VRS = new Set(['AE', 'LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT']);
