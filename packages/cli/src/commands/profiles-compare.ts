import { COMPARISON_BASES, compareProfiles, loadProfile, TABLE_EDITION, type ComparedAttribute, type ProfileComparison } from '@deid-share/engine';
import { parseCommandArgs } from '../arguments.js';
import { csvRow, markdownTable } from '../table-text.js';
import { UsageError } from '../usage.js';

const FORMATS = ['markdown', 'csv'] as const;
const CSV_TABLES = ['summary', 'attributes'] as const;

const attributeCells = (attribute: ComparedAttribute): string[] => [attribute.tag, attribute.name, ...attribute.actions];

function markdown(comparison: ProfileComparison): string {
  const ids = comparison.profileIds;
  const summary = comparison.counts.map((count) => [`\`${count.id}\``, count.modified, count.modifiedOnlyByIt]);
  const allList = comparison.modifiedByAll.map((attribute) => `\`${attribute.tag}\` ${attribute.name}`).join('; ');
  const over = comparison.basis === 'action'
    ? `(the rows of PS3.15 Table E.1-1 edition ${TABLE_EDITION}, private attributes as one row, plus attributes only overrides name). ` +
      'Modified = effective action other than K under the profile\'s options and overrides; an attribute a second-stage whitelist does not keep counts as removed (X).'
    : `(every attribute of the DICOM dictionary, private attributes as one row), counted as the AI4HI paper does: M where the value does not leave as it was ` +
      '(removed, emptied, replaced, remapped, dates shifted or fixed), K where it does (kept, or cleaned and surviving); a second-stage whitelist makes M of what it does not keep.';
  return [
    `Profiles compared: ${ids.map((id) => `\`${id}\``).join(', ')}, over ${comparison.attributes.length} attributes ${over}`,
    '',
    `- **Modified by all**: ${comparison.modifiedByAll.length}`,
    `- **Treated differently** (not the same action in every profile): ${comparison.treatedDifferently.length}`,
    '',
    markdownTable(['profile', 'modified', 'modified only by this profile'], summary),
    '',
    `<details><summary>Modified by all (${comparison.modifiedByAll.length})</summary>`,
    '',
    allList,
    '',
    '</details>',
    '',
    `<details><summary>Treated differently (${comparison.treatedDifferently.length}): action per profile</summary>`,
    '',
    markdownTable(['tag', 'attribute', ...ids], comparison.treatedDifferently.map(attributeCells)),
    '',
    '</details>',
  ].join('\n');
}

function csv(comparison: ProfileComparison, table: (typeof CSV_TABLES)[number]): string {
  if (table === 'summary') {
    return [csvRow(['profile', 'modified', 'modified_only_by_it']), ...comparison.counts.map((count) => csvRow([count.id, count.modified, count.modifiedOnlyByIt]))].join('\n');
  }
  const all = new Set(comparison.modifiedByAll);
  const differently = new Set(comparison.treatedDifferently);
  return [
    csvRow(['tag', 'attribute', ...comparison.profileIds, 'modified_by_all', 'treated_differently']),
    ...comparison.attributes.map((attribute) => csvRow([...attributeCells(attribute), all.has(attribute) ? 'yes' : 'no', differently.has(attribute) ? 'yes' : 'no'])),
  ].join('\n');
}

function oneOf<T extends string>(what: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${what} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}

/** `profiles compare <profile>...`: the AI4HI comparison tables (docs/profiles.md). */
export function runProfilesCompare(args: readonly string[]): number {
  const { values, positionals } = parseCommandArgs(args, {
    format: { type: 'string', default: 'markdown' },
    table: { type: 'string', default: 'summary' },
    basis: { type: 'string', default: 'action' },
  });
  if (positionals.length === 0) throw new UsageError('profiles compare needs at least one profile id or file');
  const comparison = compareProfiles(positionals.map((id) => loadProfile(id).profile), oneOf('--basis', values.basis, COMPARISON_BASES));
  const format = oneOf('--format', values.format, FORMATS);
  console.log(format === 'markdown' ? markdown(comparison) : csv(comparison, oneOf('--table', values.table, CSV_TABLES)));
  return 0;
}
