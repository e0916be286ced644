import {
  characterSetOf,
  DicomParseError,
  formatTag,
  makeTag,
  parseDicom,
  setString,
  stringValue,
  textOf,
  ValueTooLargeError,
  writeDicom,
  type DataElement,
  type DataSet,
  type DicomFile,
} from '@deid-share/dicom';
import { TABLE_EDITION } from './generated/confidentiality-table.js';
import type { LoadedProfile } from './profile/profile.js';
import type { InstanceVerdict } from './outcomes.js';
import { writeProvenance, type LongitudinalTemporalInformation } from './provenance/provenance.js';
import type { Pseudonymizer } from './pseudonyms/pseudonymizer.js';
import type { PseudonymPair } from './pseudonyms/dicom-text.js';
import { BoundedCache } from './bounded-cache.js';
import { keyedDigest } from './pseudonyms/keyed-digest.js';
import { isUnknownPatient, type PatientSubject } from './pseudonyms/subject.js';
import type { ActionTable } from './rules/action-table.js';
import { actionTableFor, effectiveOptions } from './rules/profile-table.js';
import { scanExceptionsFor, type ScanExceptions } from './scan/exceptions.js';
import { residualPhiReason, type ScanFinding } from './scan/finding.js';
import type { OptionId } from './rules/options.js';
import { PixelCleaning, type PixelReport } from './release-gate/pixel-cleaning.js';
import { scanAndClean } from './release-gate/residual-cleaning.js';
import { withholdReason } from './release-gate/withhold.js';
import { ChangeLog, type ChangeRow } from './transform/change-log.js';
import type { TransformContext } from './transform/context.js';
import { ageBetween, dicomDate } from './transform/dates.js';
import { dateOffsetDays } from './transform/date-offset.js';
import { IdentifierSet } from './transform/identifiers.js';
import { UidRemapper } from './transform/uids.js';
import { transformDataSet } from './transform/walk.js';
import { Whitelist } from './transform/whitelist.js';
import { ENGINE_VERSION } from './version.js';

const PATIENT_NAME = makeTag(0x0010, 0x0010);
const PATIENT_ID = makeTag(0x0010, 0x0020);
const ISSUER_OF_PATIENT_ID = makeTag(0x0010, 0x0021);
const PATIENT_BIRTH_DATE = makeTag(0x0010, 0x0030);
const PATIENT_AGE = makeTag(0x0010, 0x1010);
const STUDY_DATE = makeTag(0x0008, 0x0020);
const STUDY_INSTANCE_UID = makeTag(0x0020, 0x000d);
const SERIES_INSTANCE_UID = makeTag(0x0020, 0x000e);
const SOP_INSTANCE_UID = makeTag(0x0008, 0x0018);
const MEDIA_STORAGE_SOP_CLASS_UID = makeTag(0x0002, 0x0002);
const SOP_CLASS_UID = makeTag(0x0008, 0x0016);
const MEDIA_STORAGE_DIRECTORY = '1.2.840.10008.1.3.10';
const UNKNOWN_PATIENT_NOTE = 'patient identity unknown (empty Patient ID): the pseudonym is keyed on the study and links to no other study';

/** Our implementation UID (a 2.25 UUID-derived root) and version name, written into every file meta header. */
export const IMPLEMENTATION_CLASS_UID = '2.25.153174328155398563614410466839283424441';
export const IMPLEMENTATION_VERSION_NAME = `DEIDSHARE_${ENGINE_VERSION.replace(/\./g, '_')}`.slice(0, 16);

export interface InstanceIdentity {
  readonly patientId: string;
  readonly studyInstanceUID: string;
  readonly seriesInstanceUID: string;
  readonly sopInstanceUID: string;
}

export type InstanceResult =
  | {
      readonly status: 'ok';
      readonly output: Uint8Array[];
      readonly original: InstanceIdentity;
      readonly result: InstanceIdentity;
      /** The patient as the source names them (Issuer of Patient ID + Patient ID, as text): what the pseudonym stands for. */
      readonly subject: PatientSubject;
      readonly changes?: readonly ChangeRow[];
      /** What the engine did beyond the profile's table that a reader of the report should know (unknown patient, cleaned findings). */
      readonly notes?: readonly string[];
      /** Only with withholdOnResidualPhi false: what the residual-PHI scan found (the instance would be withheld). */
      readonly residualPhi?: readonly ScanFinding[];
      /** Images only: whether the pixels were screened for burned-in text, and the boxes masked. */
      readonly pixels?: PixelReport;
    }
  | { readonly status: Exclude<InstanceVerdict, 'ok'>; readonly reason: string; readonly original?: InstanceIdentity };

export interface EngineSetup {
  readonly profile: LoadedProfile;
  /** Options added to the profile's own (e.g. from the CLI's --option). */
  readonly extraOptions?: readonly OptionId[];
  readonly secret: Uint8Array;
  readonly pseudonymizer: Pseudonymizer;
  readonly jobId: string;
  /** Scopes UIDs: the same secret under two namespaces gives unrelated UIDs. Default: the profile id. */
  readonly uidNamespace?: string;
  readonly now?: () => Date;
}

interface PatientKeys {
  readonly pseudonym: PseudonymPair;
  readonly dateOffset: number;
}

export interface DeidentifyOptions {
  /** Collect the tag-level diff (for previews). */
  readonly recordChanges?: boolean;
  /**
   * Default true. False returns the output with the scan's findings instead of withholding it, for evaluations
   * that score what the first stage left (`deid-share evaluate`); never for data that leaves.
   */
  readonly withholdOnResidualPhi?: boolean;
}

function identityOf(dataset: DataSet): InstanceIdentity {
  return {
    patientId: stringValue(dataset, PATIENT_ID) ?? '',
    studyInstanceUID: stringValue(dataset, STUDY_INSTANCE_UID) ?? '',
    seriesInstanceUID: stringValue(dataset, SERIES_INSTANCE_UID) ?? '',
    sopInstanceUID: stringValue(dataset, SOP_INSTANCE_UID) ?? '',
  };
}

function subjectOf(dataset: DataSet): PatientSubject {
  const charset = characterSetOf(dataset);
  const text = (tag: number): string => {
    const element = dataset.get(tag);
    return element ? textOf(element, charset) : '';
  };
  // Without a Patient ID the study stands for the patient; objects without a study (colour palettes) stand for themselves.
  const unknownPatientKey = [STUDY_INSTANCE_UID, SERIES_INSTANCE_UID, SOP_INSTANCE_UID].map((tag) => stringValue(dataset, tag) ?? '').find((uid) => uid !== '');
  return { issuer: text(ISSUER_OF_PATIENT_ID), patientId: text(PATIENT_ID), ...(unknownPatientKey ? { unknownPatientKey } : {}) };
}

/** The de-identification engine for one profile: turns a DICOM instance into a de-identified one, or refuses it. */
export class DeidEngine {
  readonly options: readonly OptionId[];
  readonly #table: ActionTable;
  readonly #uids: UidRemapper;
  readonly #whitelist: Whitelist | undefined;
  readonly #scanExceptions: ScanExceptions;
  /** Screens every image for burned-in text; cleans it when the options select clean-pixel-data. */
  readonly #pixelCleaning: PixelCleaning;
  readonly #cleansPixels: boolean;
  /** A study repeats one patient and a series one set of identifiers: derive them once, not per instance. */
  readonly #patients = new BoundedCache<string, Promise<PatientKeys>>(4096);
  readonly #identifiers = new BoundedCache<string, IdentifierSet>(256);

  constructor(private readonly setup: EngineSetup) {
    const { profile } = setup.profile;
    this.options = effectiveOptions(profile, setup.extraOptions);
    this.#table = actionTableFor(profile, this.options);
    this.#scanExceptions = scanExceptionsFor(profile.scanExceptions ?? [], this.options);
    this.#uids = new UidRemapper(setup.secret, setup.uidNamespace ?? profile.id);
    this.#whitelist = profile.secondStage ? new Whitelist(profile.secondStage) : undefined;
    this.#cleansPixels = this.options.includes('clean-pixel-data');
    this.#pixelCleaning = new PixelCleaning(profile.pixels, setup.profile.source, this.#cleansPixels);
  }

  /** Original → new UID pairs made so far (MIDI-B uid_mapping.csv). */
  uidMappings(): ReadonlyMap<string, string> {
    return this.#uids.mappings();
  }

  /** The pseudonym scheme in use, with what it promises (erasure, linkage, stability across runs). */
  get pseudonymizer(): Pseudonymizer {
    return this.setup.pseudonymizer;
  }

  async deidentify(bytes: Uint8Array, options: DeidentifyOptions = {}): Promise<InstanceResult> {
    let file: DicomFile;
    let original: InstanceIdentity;
    let isDirectory: boolean;
    try {
      file = parseDicom(bytes);
      original = identityOf(file.dataset);
      isDirectory = stringValue(file.meta, MEDIA_STORAGE_SOP_CLASS_UID) === MEDIA_STORAGE_DIRECTORY;
    } catch (error) {
      if (error instanceof DicomParseError) return { status: 'refused', reason: `not readable as DICOM: ${error.message}` };
      if (error instanceof ValueTooLargeError) return { status: 'refused', reason: `not de-identified: ${error.message}` };
      throw error;
    }
    const dataset = file.dataset;
    if (isDirectory) {
      return { status: 'refused', reason: 'a DICOMDIR (media directory index), not an instance: de-identify the files it lists instead', original };
    }
    if (!original.sopInstanceUID || !dataset.has(SOP_CLASS_UID)) {
      return { status: 'refused', reason: 'no SOP Class UID (0008,0016) or SOP Instance UID (0008,0018): not a composite object', original };
    }
    try {
      const withheld = withholdReason(dataset, { pixelCleaningAvailable: this.#cleansPixels });
      if (withheld) return { status: 'withheld', reason: withheld, original };
      return await this.#transform(file, original, options);
    } catch (error) {
      // Anything the engine cannot handle in an instance withholds that instance; nothing half-done is written.
      return { status: 'withheld', reason: `could not be de-identified safely: ${(error as Error).message}`, original };
    }
  }

  async #transform(file: DicomFile, original: InstanceIdentity, options: DeidentifyOptions): Promise<InstanceResult> {
    const { profile, sha256 } = this.setup.profile;
    const dataset = file.dataset;
    // Pixels first, on the original header (region rules match manufacturer, model, size).
    const pixelOutcome = await this.#pixelCleaning.process(file);
    if (pixelOutcome.status === 'withhold') return { status: 'withheld', reason: pixelOutcome.reason, original };
    const pixels = pixelOutcome.cleaned;
    const subject = subjectOf(dataset);
    const unknownPatient = isUnknownPatient(subject);
    if (unknownPatient && profile.unknownPatient === 'withhold') {
      return { status: 'withheld', reason: `Patient ID (0010,0020) is empty and profile ${profile.id} withholds studies of unknown patients (unknownPatient: withhold)`, original };
    }
    const notes: string[] = unknownPatient ? [UNKNOWN_PATIENT_NOTE] : [];
    const identifiers = this.#identifiers.getOrCreate(IdentifierSet.keyOf(dataset), () => IdentifierSet.fromDataSet(dataset));
    const { pseudonym, dateOffset } = await this.#patientKeys(subject);
    const changes = options.recordChanges ? new ChangeLog() : undefined;
    const context: TransformContext = {
      table: this.#table,
      options: new Set(this.options),
      uids: this.#uids,
      identifiers,
      dateOffsetDays: dateOffset,
      dateCleaning: profile.dates.cleaning === 'current' ? 'fixed' : profile.dates.cleaning,
      fixedDate: profile.dates.cleaning === 'current' ? dicomDate(this.#now()) : (profile.dates.fixedDate ?? '19000101'),
      sopClassUID: stringValue(dataset, SOP_CLASS_UID) ?? '',
      times: profile.dates.times,
      hashText: (text) => keyedDigest(this.setup.secret, 'deid-share/private-hash/v1', [text]).toString('hex').slice(0, 16),
      changes,
    };

    const age = profile.dates.birthDate === 'age' && !dataset.has(PATIENT_AGE)
      ? ageBetween(stringValue(dataset, PATIENT_BIRTH_DATE) ?? '', stringValue(dataset, STUDY_DATE) ?? '')
      : undefined;
    const originalIdentity = [dataset.get(PATIENT_ID), dataset.get(PATIENT_NAME)] as const;
    transformDataSet(dataset, context, { path: [], pathText: '', charset: [], freeText: 'keep' });
    if (age) setString(dataset, PATIENT_AGE, 'AS', age);
    setString(dataset, PATIENT_ID, 'LO', pseudonym.patientId);
    setString(dataset, PATIENT_NAME, 'PN', pseudonym.patientName);
    if (changes) this.#recordPseudonym(changes, originalIdentity, dataset, unknownPatient);
    if (profile.pseudonymIssuer) setString(dataset, ISSUER_OF_PATIENT_ID, 'LO', profile.pseudonymIssuer);
    this.#whitelist?.apply(dataset, changes);
    // The second stage: nothing leaves that still holds the original's identifiers or anything shaped like PHI.
    const pseudonyms = new Set([pseudonym.patientId, pseudonym.patientName, ...(profile.pseudonymIssuer ? [profile.pseudonymIssuer] : [])]);
    const { findings, cleaned: residualCleaned } = scanAndClean(dataset, { identifiers, pseudonyms, exceptions: this.#scanExceptions }, changes, context.fixedDate);
    if (findings.length > 0 && options.withholdOnResidualPhi !== false) return { status: 'withheld', reason: residualPhiReason(findings), original };
    notes.push(...residualCleaned.map((line) => `second stage cleaned ${line}`));
    const pixelRegions = pixels ? [...pixels.regions, ...(await this.#pixelCleaning.cleanOverlays(dataset, pixels))] : undefined;
    writeProvenance(dataset, {
      profileId: profile.id,
      profileVersion: profile.version,
      profileSha256: sha256,
      tableEdition: TABLE_EDITION,
      options: this.options,
      temporal: this.#temporalInformation(),
      engineVersion: ENGINE_VERSION,
      time: this.#now(),
      jobId: this.setup.jobId,
      pixelRegions,
      patientIdentityUnknown: unknownPatient,
      residualCleaned,
    });
    const output = writeDicom(dataset, {
      transferSyntaxUID: pixels?.transferSyntaxUID ?? file.transferSyntaxUID,
      implementationClassUID: IMPLEMENTATION_CLASS_UID,
      implementationVersionName: IMPLEMENTATION_VERSION_NAME,
    });
    const residualPhi = findings.length > 0 ? { residualPhi: findings } : {};
    const pixelReport = pixelOutcome.report ? { pixels: { ...pixelOutcome.report, masked: pixelRegions ?? [] } } : {};
    return {
      status: 'ok',
      output,
      original,
      result: identityOf(dataset),
      subject,
      ...(changes ? { changes: changes.rows } : {}),
      ...(notes.length > 0 ? { notes } : {}),
      ...residualPhi,
      ...pixelReport,
    };
  }

  /** The table empties Patient ID and Name; what leaves is the pseudonym, and the preview must say so. */
  #recordPseudonym(
    changes: ChangeLog,
    [originalId, originalName]: readonly [DataElement | undefined, DataElement | undefined],
    dataset: DataSet,
    unknownPatient: boolean,
  ): void {
    const rule = `pseudonym (${this.setup.pseudonymizer.scheme}${unknownPatient ? '; patient identity unknown: keyed on the study' : ''})`;
    const charset = characterSetOf(dataset);
    for (const [tag, original] of [[PATIENT_ID, originalId], [PATIENT_NAME, originalName]] as const) {
      changes.forget(formatTag(tag));
      changes.record('', tag, 'replaced', rule, original, dataset.get(tag), charset);
    }
  }

  #patientKeys(subject: PatientSubject): Promise<PatientKeys> {
    const key = isUnknownPatient(subject) ? `\u0000${subject.unknownPatientKey}` : `${subject.issuer}\u0000${subject.patientId}`;
    const keys = this.#patients.getOrCreate(key, async () => ({
      pseudonym: await this.setup.pseudonymizer.pseudonymFor(subject),
      dateOffset: dateOffsetDays(this.setup.secret, subject, this.setup.profile.profile.dates.shiftDays ?? { min: -1, max: -1 }),
    }));
    // A failure (e.g. an empty Patient ID) must not be remembered for the next instance's sake.
    keys.catch(() => this.#patients.delete(key));
    return keys;
  }

  #now(): Date {
    return (this.setup.now ?? (() => new Date()))();
  }

  #temporalInformation(): LongitudinalTemporalInformation {
    if (this.options.includes('retain-longitudinal-full-dates')) return 'UNMODIFIED';
    if (this.options.includes('retain-longitudinal-modified-dates') && this.setup.profile.profile.dates.cleaning !== 'remove') return 'MODIFIED';
    return 'REMOVED';
  }
}
