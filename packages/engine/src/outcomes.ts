/**
 * What the engine reports, each enumeration spelled out once: the /api/v1 contract
 * (@deid-share/api-contract) and the viewer derive their enums from these constants. This module imports
 * nothing, so the OHIF extension's browser bundle can take it (subpath `@deid-share/engine/outcomes`).
 */

/** What happened to one attribute (a preview row's `action`). */
export const CHANGE_KINDS = ['removed', 'emptied', 'replaced', 'kept', 'shifted', 'remapped', 'cleaned', 'added'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** What becomes of one instance: released de-identified, withheld (unsafe to release) or refused (not usable input). */
export const INSTANCE_VERDICTS = ['ok', 'withheld', 'refused'] as const;
export type InstanceVerdict = (typeof INSTANCE_VERDICTS)[number];
