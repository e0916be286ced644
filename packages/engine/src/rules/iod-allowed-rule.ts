import type { Tag } from '@deid-share/dicom';
import { listedTopLevelType } from '../iod/attribute-types.js';
import type { TableRule } from './action-table.js';

/**
 * A removal the instance's IOD does not allow becomes what PS3.15 asks of compound codes by Type (E.3.1): a dummy
 * where the IOD requires a value (Type 1), an empty value where it requires presence (Type 2). Only attributes the
 * module tables name for the IOD at the top level are adjusted; for the rest the table's resolution stands. (An empty
 * element is never removed: the interpreter leaves it as it is.)
 */
export function ruleTheIodAllows(rule: TableRule, tag: Tag, sopClassUID: string): TableRule {
  const removes = rule.action === 'X' || (rule.action === 'Z' && rule.removeFilledSequence === true);
  if (!removes) return rule;
  const type = listedTopLevelType(sopClassUID, tag);
  if (type === '1') return { action: 'D', origin: `${rule.origin}; Type 1 in this IOD, so a dummy value` };
  if (type === '2') return { action: 'Z', origin: `${rule.origin}; Type 2 in this IOD, so emptied` };
  return rule;
}
