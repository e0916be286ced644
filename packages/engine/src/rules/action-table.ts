import { formatTag, isPrivateTag, type Tag } from '@deid-share/dicom';
import { CONFIDENTIALITY_TABLE, type ConfidentialityRow } from '../generated/confidentiality-table.js';
import { resolveActionCode, type Action } from './action.js';
import { OPTION_PRECEDENCE, type OptionId } from './options.js';

export interface TableRule {
  readonly action: Action;
  /**
   * Set for X/Z: a sequence with items is removed rather than emptied, because an emptied sequence is invalid
   * wherever it is Type 3 (most are), while an empty Type 2 sequence is left as it is (already zero length).
   */
  readonly removeFilledSequence?: boolean;
  /** Where the action came from, for previews and reports: the table row or a profile override. */
  readonly origin: string;
}

export interface ActionOverride {
  readonly tag: Tag;
  readonly action: Action;
  readonly reason: string;
}

function ruleFor(row: ConfidentialityRow, options: ReadonlySet<OptionId>): TableRule {
  let code = row.basic;
  let origin = 'basic profile';
  for (const option of OPTION_PRECEDENCE) {
    const optionCode = row.options[option];
    if (optionCode && options.has(option)) {
      code = optionCode;
      origin = option;
    }
  }
  return { action: resolveActionCode(code), origin: `Table E.1-1 ${origin} (${code})`, ...(code === 'X/Z' ? { removeFilledSequence: true } : {}) };
}

/** The effective action for every attribute of Table E.1-1 under a set of options, plus a profile's overrides. */
export class ActionTable {
  readonly #exact = new Map<Tag, TableRule>();
  readonly #masked: { value: number; mask: number; rule: TableRule }[] = [];
  readonly privateRule: TableRule;

  constructor(options: ReadonlySet<OptionId>, overrides: readonly ActionOverride[] = []) {
    let privateRule: TableRule | undefined;
    for (const row of CONFIDENTIALITY_TABLE) {
      const rule = ruleFor(row, options);
      if (row.match.kind === 'private') privateRule = rule;
      else if (row.match.mask === 0xffffffff) this.#exact.set(row.match.value, rule);
      else this.#masked.push({ value: row.match.value, mask: row.match.mask, rule });
    }
    if (!privateRule) throw new Error('Table E.1-1 has no row for private attributes: regenerate the tables (npm run generate)');
    this.privateRule = privateRule;
    for (const override of overrides) {
      this.#exact.set(override.tag, { action: override.action, origin: `profile override: ${override.reason}` });
    }
  }

  /** The rule for a public attribute, or undefined for attributes the table does not list (they are kept). */
  ruleFor(tag: Tag): TableRule | undefined {
    if (isPrivateTag(tag)) throw new Error(`${formatTag(tag)} is private: use privateRule and the private-tag knowledge base`);
    const exact = this.#exact.get(tag);
    if (exact) return exact;
    return this.#masked.find((entry) => ((tag & entry.mask) >>> 0) === entry.value)?.rule;
  }
}
