import { characterSetOf, isPrivateTag, locateTagPath, makeTag, parseTagPath, PIXEL_DATA, stringValue, type DataSet, type VR } from '@deid-share/dicom';
import { attributeType } from '../iod/attribute-types.js';
import type { ScanFinding } from '../scan/finding.js';
import { scanForResidualPhi, type ScanContext } from '../scan/scanner.js';
import type { ChangeLog } from '../transform/change-log.js';
import { dummyValue } from '../transform/dummy.js';

const SOP_CLASS_UID = makeTag(0x0008, 0x0016);
const ENCAPSULATED_DOCUMENT = makeTag(0x0042, 0x0011);
const EMPTY = new Uint8Array(0);

/** VRs whose dummy (`REMOVED`, `19000101`, `0`, ...) is a valid value wherever the attribute is Type 1. */
const DUMMY_HOLDING_VRS: ReadonlySet<VR> = new Set(['AE', 'AS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UR', 'UT']);

interface ResidualCleaning {
  /** One line per cleaned attribute: kind, path, what was done; never the value (for reports and provenance). */
  readonly cleaned: readonly string[];
  /** Why each finding that cleaning cannot remove stays, by path. */
  readonly notCleanable: ReadonlyMap<string, string>;
}

/**
 * Cleans what the second stage found in header attributes the way the profile's X/Z/D would: removed where the
 * IOD allows (Type 3, private), emptied where it is Type 2, a dummy where it is Type 1 or 1C (from the standard's
 * module tables, `iod/`); a 1C value no dummy fits (CS) is removed, as the standard allows when its condition does
 * not hold. What no cleaning can remove is left and named: pixel data and encapsulated documents (their content is
 * not an attribute value), and Type 1 values no dummy fits (defined terms, CS). The caller scans again; anything
 * left still withholds the instance.
 */
function cleanResidualFindings(dataset: DataSet, findings: readonly ScanFinding[], changes: ChangeLog | undefined, fixedDate: string): ResidualCleaning {
  const sopClassUID = stringValue(dataset, SOP_CLASS_UID) ?? '';
  const cleaned: string[] = [];
  const notCleanable = new Map<string, string>();
  const kindsByPath = new Map<string, string[]>();
  for (const finding of findings) kindsByPath.set(finding.path, [...(kindsByPath.get(finding.path) ?? []), finding.kind]);
  for (const [path, kinds] of kindsByPath) {
    const located = locateTagPath(dataset, parseTagPath(path));
    if (!located) continue;
    const { element, parent, sequences } = located;
    if (element.tag === PIXEL_DATA || element.tag === ENCAPSULATED_DOCUMENT) {
      notCleanable.set(path, 'the content of pixel data or a document is no attribute value to remove');
      continue;
    }
    const type = isPrivateTag(element.tag) ? '3' : attributeType(sopClassUID, sequences, element.tag);
    const dummyFits = DUMMY_HOLDING_VRS.has(element.vr);
    if (type === '1' && !dummyFits) {
      notCleanable.set(path, `Type 1 ${element.vr}: a dummy would not be a valid value`);
      continue;
    }
    const charset = characterSetOf(dataset);
    const prefix = path.slice(0, path.length - path.split('.').at(-1)!.length);
    const [done, after] =
      type === '3' || (type === '1C' && !dummyFits)
        ? (['removed', undefined] as const)
        : type === '2'
          ? (['emptied', { ...element, value: EMPTY }] as const)
          : (['replaced', { ...element, value: dummyValue(element.vr, element.value, fixedDate) }] as const);
    if (after) parent.set(after);
    else parent.delete(element.tag);
    const what = `${kinds.join(', ')} in ${path}: ${done === 'replaced' ? 'dummy' : done} (Type ${type})`;
    cleaned.push(what);
    changes?.record(prefix, element.tag, done, `second stage: ${kinds.join(', ')} found, cleaned as X/Z/D (Type ${type} here)`, element, after, charset);
  }
  return { cleaned, notCleanable };
}

/**
 * The second stage: scans, cleans what it found, scans again. The findings left (each saying why it could not be
 * cleaned, where that is known) withhold the instance; `cleaned` lists what was done, for report and provenance.
 */
export function scanAndClean(dataset: DataSet, context: ScanContext, changes: ChangeLog | undefined, fixedDate: string): { findings: ScanFinding[]; cleaned: readonly string[] } {
  const findings = scanForResidualPhi(dataset, context);
  if (findings.length === 0) return { findings, cleaned: [] };
  const { cleaned, notCleanable } = cleanResidualFindings(dataset, findings, changes, fixedDate);
  const left = scanForResidualPhi(dataset, context).map((finding) => {
    const why = notCleanable.get(finding.path);
    return why ? { ...finding, how: `${finding.how}; not cleanable: ${why}` } : finding;
  });
  return { findings: left, cleaned };
}
