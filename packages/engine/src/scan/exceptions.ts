import type { FindingKind, ScanFinding } from './finding.js';
import type { OptionId } from '../rules/options.js';

/** A documented exception in a profile: findings of this kind at paths matching the pattern are not PHI. */
export interface ScanException {
  /** A tag path as in findings; "*" matches within one step (an item index "[*]"), "**." any number of steps. */
  readonly path: string;
  readonly kind: FindingKind;
  readonly reason: string;
}

const WILDCARDS: Record<string, string> = { '**.': '(?:.*\\.)?', '**': '.*', '*': '[^.]*' };

/** "**." matches any number of whole steps (none included), "**" anything, "*" anything within one step. */
function pathRegExp(pattern: string): RegExp {
  const parts = pattern.split(/(\*\*\.|\*\*|\*)/).map((part) => WILDCARDS[part] ?? part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('')}$`, 'i');
}

/** A profile's exceptions, compiled once per engine. */
export class ScanExceptions {
  readonly #rules: { path: RegExp; kind: FindingKind }[];

  constructor(exceptions: readonly ScanException[]) {
    this.#rules = exceptions.map((exception) => ({ path: pathRegExp(exception.path), kind: exception.kind }));
  }

  allows(finding: ScanFinding): boolean {
    return this.#rules.some((rule) => rule.kind === finding.kind && rule.path.test(finding.path));
  }
}

/** Findings that are never PHI, whatever the data: each names the attribute and why. */
const BUILT_IN_EXCEPTIONS: readonly ScanException[] = [
  { path: '(0018,1020)', kind: 'date-in-text', reason: 'Software Versions: devices write the build date of their software there' },
];

/**
 * The exceptions an engine applies: the built-in ones, the profile's own, and what an option keeps by design:
 * retain-institution-identity keeps the institution's name and address, so they are not findings.
 */
export function scanExceptionsFor(profileExceptions: readonly ScanException[], options: readonly OptionId[]): ScanExceptions {
  const implied: ScanException[] = options.includes('retain-institution-identity')
    ? [{ path: '**', kind: 'institution', reason: 'retain-institution-identity keeps the institution identity' }]
    : [];
  return new ScanExceptions([...BUILT_IN_EXCEPTIONS, ...profileExceptions, ...implied]);
}
