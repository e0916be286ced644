/**
 * The answer key for the synthetic corpus under one profile: for every element, what the profile promises will
 * become of it, derived from the engine's action table for that profile (options, overrides, date policy), its
 * second stage, the private tag knowledge base, and the promises docs/engine.md makes for what the table does not
 * list (every person name replaced, free text inside replaced sequences replaced and inside cleaned ones cleaned,
 * overlays without their data removed whole, the patient identity always pseudonymised).
 */
import { formatTagPath, isPrivateCreatorTag, makeTag, PIXEL_DATA, stringValue, textOf, visitElements, type DataElement, type PathStep, type VisitedElement } from '@deid-share/dicom';
import { actionTableFor, effectiveOptions, lookupPrivateDisposition, ruleTheIodAllows, Whitelist, type ActionTable, type Profile, type TableRule } from '@deid-share/engine';
import { ANSWER_KEY_FORMAT, type ElementExpectation } from '../../packages/cli/src/evaluate/answer-key.js';
import { phiStrings } from './identities.js';
import type { SyntheticInstance } from './instances.js';

type FreeText = 'keep' | 'clean' | 'dummy';
/** An expectation before its path is known (distributes over the union of expectations). */
type WithoutPath<T> = T extends unknown ? Omit<T, 'path'> : never;
type Expect = WithoutPath<ElementExpectation> | undefined;

const STRICTNESS: Record<FreeText, number> = { keep: 0, clean: 1, dummy: 2 };
const FREE_TEXT_VRS = new Set(['ST', 'LT', 'UT', 'UC']);
const CLEANED_TEXT_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'UT', 'UC', 'PN', 'CS', 'AE']);
const PSEUDONYMISED = new Set([makeTag(0x0010, 0x0010), makeTag(0x0010, 0x0020)]);
const ISSUER_OF_PATIENT_ID = makeTag(0x0010, 0x0021);
const BURNED_IN_ANNOTATION = makeTag(0x0028, 0x0301);
const isOverlayGroup = (group: number): boolean => group >= 0x6000 && group <= 0x601e && group % 2 === 0;
const tagOf = (step: PathStep): number => makeTag(step.group, step.element);
const REMOVED = { expect: 'removed' } as const;
const SOP_CLASS_UID = makeTag(0x0008, 0x0016);
const isEmptyElement = (element: DataElement): boolean => (element.vr === 'SQ' ? (element.items?.length ?? 0) === 0 : element.value.length === 0);

class ProfilePromises {
  readonly #table: ActionTable;
  readonly #whitelist: Whitelist | undefined;
  readonly #retainSafePrivate: boolean;
  readonly #cleansPixels: boolean;

  constructor(readonly profile: Profile, readonly deidentifiedOn: Date) {
    const options = effectiveOptions(profile);
    this.#cleansPixels = options.includes('clean-pixel-data');
    this.#table = actionTableFor(profile, options);
    this.#whitelist = profile.secondStage ? new Whitelist(profile.secondStage) : undefined;
    this.#retainSafePrivate = this.#table.privateRule.action === 'C';
  }

  /**
   * What becomes of the element at the end of `path`, or undefined where the profile promises nothing checkable.
   * In an image with burned-in text under clean-pixel-data, the pixels are checked by the key's blank regions,
   * and Burned In Annotation must no longer say YES.
   */
  expectation(visited: VisitedElement, phi: readonly string[], burnedIn: boolean, sopClassUID: string): Expect {
    const { element, path } = visited;
    let freeText: FreeText = 'keep';
    for (const [depth, step] of path.slice(0, -1).entries()) {
      const handling = step.creator === undefined ? this.#sequenceHandling(step, depth, sopClassUID) : this.#privateSequenceKept(path.slice(0, depth + 1));
      if (handling === 'removed') return REMOVED;
      if (STRICTNESS[handling] > STRICTNESS[freeText]) freeText = handling;
    }
    const leaf = path.at(-1)!;
    if (leaf.creator !== undefined) return this.#privateLeaf(visited, phi);
    const tag = tagOf(leaf);
    const first = this.#firstStage(visited, phi, burnedIn, freeText, sopClassUID);
    if (!first || !this.#whitelist || this.#whitelist.keeps(tag) || first.expect === 'removed' || first.expect === 'emptied') return first;
    // A dummy the first stage wrote carries nothing; the second stage leaves it.
    if (first.expect === 'replaced' && this.#firstStageAction(visited, freeText, sopClassUID) === 'D' && Whitelist.dummyCarriesNothing(element.vr)) return first;
    // The second stage, on what the first stage left (docs/profiles.md): Whitelist.fate, by the element's IOD Type.
    const fate = this.#whitelist.fate(element, sopClassUID, path.slice(0, -1).map(tagOf));
    return fate === 'kept' ? first : { expect: fate };
  }

  #firstStage(visited: VisitedElement, phi: readonly string[], burnedIn: boolean, freeText: FreeText, sopClassUID: string): Expect {
    const { element, path } = visited;
    const leaf = path.at(-1)!;
    const tag = tagOf(leaf);
    if (isOverlayGroup(leaf.group)) return this.#overlay(leaf.group);
    if (path.length === 1 && (PSEUDONYMISED.has(tag) || (tag === ISSUER_OF_PATIENT_ID && this.profile.pseudonymIssuer))) return { expect: 'replaced' };
    if (burnedIn && this.#cleansPixels && path.length === 1 && tag === BURNED_IN_ANNOTATION) return { expect: 'replaced' };
    if (burnedIn && this.#cleansPixels && path.length === 1 && tag === PIXEL_DATA) return undefined;
    const rule = this.#firstStageRule(visited, sopClassUID);
    return this.#action(rule?.action ?? this.#unlistedAction(element, freeText), visited, phi, rule?.removeFilledSequence ?? false);
  }

  #firstStageRule({ element, path }: VisitedElement, sopClassUID: string): TableRule | undefined {
    const tag = tagOf(path.at(-1)!);
    const listed = this.#table.ruleFor(tag);
    return listed && path.length === 1 && !isEmptyElement(element) ? ruleTheIodAllows(listed, tag, sopClassUID) : listed;
  }

  #firstStageAction(visited: VisitedElement, freeText: FreeText, sopClassUID: string): string {
    return this.#firstStageRule(visited, sopClassUID)?.action ?? this.#unlistedAction(visited.element, freeText);
  }

  #sequenceHandling(step: PathStep, depth: number, sopClassUID: string): FreeText | 'removed' {
    const tag = tagOf(step);
    const listed = this.#table.ruleFor(tag);
    const rule = listed && depth === 0 ? ruleTheIodAllows(listed, tag, sopClassUID) : listed;
    switch (rule?.action ?? 'K') {
      case 'X':
      case 'Z':
        return 'removed';
      case 'D':
        return 'dummy';
      case 'C':
        return 'clean';
      default:
        return 'keep';
    }
  }

  #privateSequenceKept(path: readonly PathStep[]): FreeText | 'removed' {
    return !this.#whitelist && this.#retainSafePrivate && lookupPrivateDisposition(path, 'SQ')?.disposition === 'k' ? 'keep' : 'removed';
  }

  #privateLeaf({ element, path }: VisitedElement, phi: readonly string[]): Expect {
    if (this.#whitelist || !this.#retainSafePrivate) return REMOVED;
    switch (lookupPrivateDisposition(path, element.vr)?.disposition) {
      case 'k':
        return element.vr === 'SQ' ? undefined : { expect: 'retained' };
      case 'h':
        return { expect: 'replaced' };
      case 'o':
        return this.#cleaned(element, '', phi);
      default:
        return REMOVED;
    }
  }

  /** An overlay whose data the table removes is removed whole (docs/engine.md); no other promise is made. */
  #overlay(group: number): Expect {
    const action = this.#table.ruleFor(makeTag(group, 0x3000))?.action;
    if (action !== 'X') throw new Error(`profile ${this.profile.id}: Overlay Data action ${action} makes no promise the synthetic key can check`);
    return REMOVED;
  }

  /** docs/engine.md: person names are replaced, UIDs that identify data remapped, free text follows its sequence. */
  #unlistedAction(element: DataElement, freeText: FreeText): 'D' | 'U' | 'C' | 'K' {
    if (element.vr === 'PN') return 'D';
    if (element.vr === 'UI') return Buffer.from(element.value).toString('latin1').startsWith('1.2.840.10008.') ? 'K' : 'U';
    if (FREE_TEXT_VRS.has(element.vr) && freeText === 'dummy') return 'D';
    if (FREE_TEXT_VRS.has(element.vr) && freeText === 'clean') return 'C';
    return 'K';
  }

  #action(action: string, { element, charset }: VisitedElement, phi: readonly string[], removeFilledSequence: boolean): Expect {
    if (element.vr === 'SQ') {
      if (action === 'X' || (action === 'Z' && removeFilledSequence && element.items?.length)) return REMOVED;
      return action === 'Z' ? { expect: 'emptied' } : undefined;
    }
    switch (action) {
      case 'X':
        return REMOVED;
      case 'Z':
        return { expect: 'emptied' };
      case 'D':
      case 'U':
        return { expect: 'replaced' };
      case 'C':
        return this.#cleaned(element, CLEANED_TEXT_VRS.has(element.vr) ? textOf(element, charset) : '', phi);
      default:
        return { expect: 'retained' };
    }
  }

  /** Action C: dates by the profile's date policy, times by its time policy, text without the planted PHI. */
  #cleaned(element: DataElement, text: string, phi: readonly string[]): Expect {
    const { dates } = this.profile;
    if (element.vr === 'DA' || element.vr === 'DT') {
      if (dates.cleaning === 'remove') return { expect: 'emptied' };
      if (dates.cleaning === 'fixed' || dates.cleaning === 'current') {
        const day = dates.cleaning === 'fixed' ? dates.fixedDate! : this.deidentifiedOn.toISOString().slice(0, 10).replaceAll('-', '');
        return { expect: 'shifted', value: element.vr === 'DT' ? `${day}000000` : day };
      }
      return { expect: 'shifted', days: dates.shiftDays! };
    }
    if (element.vr === 'TM') return dates.times === 'keep' ? { expect: 'retained' } : { expect: 'emptied' };
    if (element.vr === 'UI') return { expect: 'replaced' };
    const absent = phi.filter((value) => text.toLowerCase().includes(value.toLowerCase()));
    return absent.length > 0 ? { expect: 'cleaned', absent } : { expect: 'retained' };
  }
}

/** Where the first stage keeps a planted identifier, the second stage cleans it (docs/scanner.md). */
function residualExpectation(expectation: Expect, residual: 'removed' | 'emptied' | 'replaced' | undefined): Expect {
  return residual && expectation?.expect === 'retained' ? { expect: residual } : expectation;
}

export interface SyntheticAnswerKey {
  readonly format: typeof ANSWER_KEY_FORMAT;
  readonly description: string;
  readonly files: readonly { file: string; outcome: readonly string[]; elements: ElementExpectation[]; blankRegions: SyntheticInstance['blankRegions'] }[];
}

/**
 * The key for one profile: every element of every instance with the profile's promise for it. `deidentifiedOn` is
 * the day a profile with current-date cleaning writes into every date.
 */
export function answerKeyFor(profile: Profile, instances: readonly SyntheticInstance[], deidentifiedOn = new Date()): SyntheticAnswerKey {
  const promises = new ProfilePromises(profile, deidentifiedOn);
  return {
    format: ANSWER_KEY_FORMAT,
    description: `synthetic corpus, promises of profile ${profile.id} ${profile.version}`,
    files: instances.map((instance) => {
      const phi = [...phiStrings(instance.person), ...instance.extraPhi];
      const burnedIn = stringValue(instance.dataset, BURNED_IN_ANNOTATION) === 'YES';
      const sopClassUID = stringValue(instance.dataset, SOP_CLASS_UID) ?? '';
      const elements: ElementExpectation[] = [];
      visitElements(instance.dataset, (visited) => {
        const leaf = visited.path.at(-1)!;
        if (leaf.creator === undefined && isPrivateCreatorTag(tagOf(leaf))) return;
        const path = formatTagPath(visited.path);
        const expectation = residualExpectation(promises.expectation(visited, phi, burnedIn, sopClassUID), instance.residual?.[path]);
        if (expectation) elements.push({ path, ...expectation });
      });
      return { file: instance.file, outcome: instance.outcome, elements, blankRegions: instance.blankRegions };
    }),
  };
}
