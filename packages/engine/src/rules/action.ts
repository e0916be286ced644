import type { ActionCode } from '../generated/confidentiality-table.js';

/** What the interpreter does to one element, after compound codes are resolved (PS3.15 Table E.1-1a). */
export type Action =
  | 'D' // replace with a non-zero-length dummy value consistent with the VR
  | 'Z' // replace with a zero-length value (or a dummy if the VR cannot be empty)
  | 'X' // remove
  | 'K' // keep
  | 'C' // clean: keep the meaning, remove what identifies (dates shifted, text scrubbed, sequences cleaned)
  | 'U'; // replace the UID with a consistent one

/**
 * Compound codes leave the choice to the de-identifier, by the attribute's type in the IOD. Without the IOD at
 * hand, the choice that is valid for every type is taken: Z or D where a value may be required (Type 2 allows
 * zero length, Type 1 needs a value), U where a UID may be required.
 */
const RESOLVED: Record<ActionCode, Action> = {
  D: 'D',
  Z: 'Z',
  X: 'X',
  K: 'K',
  C: 'C',
  U: 'U',
  'X/Z': 'Z',
  'X/D': 'D',
  'X/Z/D': 'D',
  'Z/D': 'D',
  'X/Z/U*': 'U',
};

export function resolveActionCode(code: ActionCode): Action {
  return RESOLVED[code];
}
