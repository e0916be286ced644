import { formatTag, groupOf, isPrivateTag, makeTag, parseTag, stringValue, tagForKeyword, type DataElement, type DataSet, type Tag } from '@deid-share/dicom';
import { attributeType, isKnownSopClass, listedTopLevelType } from '../iod/attribute-types.js';
import type { WhitelistStage } from '../profile/profile.js';
import type { ChangeLog } from './change-log.js';
import { dummyValue, isDummyValue } from './dummy.js';

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

  /** Whether a dummy of this VR (action D) carries nothing, so that the second stage leaves it: text VRs, whose dummy is fixed text. */
  static dummyCarriesNothing(vr: DataElement['vr']): boolean {
    return UNSTRUCTURED_VRS.has(vr);
  }

  /** Whether an attribute survives the second stage (private attributes never do). */
  keeps(tag: Tag): boolean {
    return !isPrivateTag(tag) && (this.#keep.has(tag) || STRUCTURAL_GROUPS.has(groupOf(tag)));
  }

  /**
   * What the second stage does to a non-empty public element it does not keep, by the element's Type in the
   * instance's IOD (data/iod). Sequences are the object's structure (references, functional groups): they stay and
   * the whitelist applies to their items. A value the module tables name for the IOD at the top level: Type 3 is
   * removed, Type 2 emptied, Type 1 keeps its value, or a dummy for unstructured values (a value is required, the
   * text is not whitelisted). Where the tables do not name it, they cannot say whether it may be left out (IODs newer
   * than the tables, functional group macros inside items): codes, numbers, dates and UIDs stay as the first stage
   * left them; unstructured values are removed at the top level of an IOD the tables know, and otherwise emptied
   * where Type 2 and replaced by a dummy. No text the whitelist does not name leaves in any case.
   */
  fate(element: Pick<DataElement, 'tag' | 'vr'>, sopClassUID: string, sequences: readonly Tag[]): WhitelistFate {
    if (isPrivateTag(element.tag)) return 'removed';
    if (element.vr === 'SQ') return 'kept';
    const unstructured = UNSTRUCTURED_VRS.has(element.vr);
    const listed = sequences.length === 0 ? listedTopLevelType(sopClassUID, element.tag) : undefined;
    if (listed !== undefined) {
      if (listed === '3') return 'removed';
      if (listed === '2') return 'emptied';
      return unstructured ? 'replaced' : 'kept';
    }
    if (!unstructured) return 'kept';
    if (sequences.length === 0 && isKnownSopClass(sopClassUID)) return 'removed';
    return attributeType(sopClassUID, sequences, element.tag) === '2' ? 'emptied' : 'replaced';
  }

  /** Applies the whitelist to an instance at every depth; see `fate` for what is not whitelisted. */
  apply(dataset: DataSet, changes: ChangeLog | undefined): void {
    this.#apply(dataset, stringValue(dataset, SOP_CLASS_UID) ?? '', [], '', changes);
  }

  #apply(dataset: DataSet, sopClassUID: string, sequences: readonly Tag[], pathText: string, changes: ChangeLog | undefined): void {
    for (const element of dataset.sorted()) {
      const tag = element.tag;
      // An element the first stage emptied or replaced with a dummy carries nothing, and it may be required: it stays.
      // Private elements go even then: no IOD requires them, and without their creator they are orphans.
      const fate = this.keeps(tag) || (carriesNothing(element) && !isPrivateTag(tag)) ? 'kept' : this.fate(element, sopClassUID, sequences);
      const rule = `second stage "${this.stage.title}": not whitelisted`;
      if (fate === 'removed') {
        dataset.delete(tag);
        changes?.record(pathText, tag, 'removed', rule, element, undefined, []);
      } else if (fate === 'emptied') {
        const emptied: DataElement = { ...element, value: new Uint8Array(0) };
        dataset.set(emptied);
        changes?.record(pathText, tag, 'emptied', `${rule}; Type 2 in its IOD, so emptied`, element, emptied, []);
      } else if (fate === 'replaced') {
        const dummy: DataElement = { ...element, value: dummyValue(element.vr, element.value) };
        dataset.set(dummy);
        changes?.record(pathText, tag, 'replaced', `${rule}; Type 1 in its IOD, so a dummy value`, element, dummy, []);
      } else if (element.items) {
        const inner = [...sequences, tag];
        element.items.forEach((item, index) => this.#apply(item, sopClassUID, inner, `${pathText}${formatTag(tag)}[${index}].`, changes));
      }
    }
  }
}

function carriesNothing(element: DataElement): boolean {
  if (element.vr === 'SQ') return (element.items?.length ?? 0) === 0;
  return element.value.length === 0 || (Whitelist.dummyCarriesNothing(element.vr) && isDummyValue(element));
}

export type WhitelistFate = 'kept' | 'removed' | 'emptied' | 'replaced';

/** Values a person may have typed or that may hold anything: never kept by a whitelist that does not name them. */
const UNSTRUCTURED_VRS = new Set(['AE', 'LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT', 'UN', 'OB']);
