import type { DataSet } from '@deid-share/dicom';
import type { Rect } from './mask.js';
import { matchesSignature, parseSignature, SignatureError, type Signature } from './signature.js';

/** A known place of burned-in text: images whose header has the signature carry text in these rectangles. */
export interface RegionRule {
  /** Where the rule comes from, as the provenance record names it (e.g. "CTP line 160: US / Philips / IU22"). */
  readonly name: string;
  readonly signature: Signature;
  readonly regions: readonly Rect[];
}

/** A rule as a profile states it in JSON: the signature in CTP's language, rectangles as [x, y, width, height]. */
export interface RegionRuleSpec {
  readonly name: string;
  readonly signature: string;
  readonly regions: readonly (readonly [number, number, number, number])[];
}

export function ruleFromSpec(spec: RegionRuleSpec, source: string): RegionRule {
  try {
    return { name: spec.name, signature: parseSignature(spec.signature), regions: spec.regions.map(([x, y, width, height]) => ({ x, y, width, height })) };
  } catch (error) {
    if (error instanceof SignatureError) throw new Error(`${source}: pixel rule "${spec.name}": signature ${error.message}`);
    throw error;
  }
}

/** The rules whose signature the instance has (matched on the original header, before de-identification). */
export function matchingRules(rules: readonly RegionRule[], dataset: DataSet, meta: DataSet): RegionRule[] {
  return rules.filter((rule) => matchesSignature(rule.signature, dataset, meta));
}
