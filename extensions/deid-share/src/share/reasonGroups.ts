/** The per-instance reasons of a peer's share, with instances held back for the same reason listed together. */
import type { ShareReason } from '../api/types.js';

export interface ReasonGroup {
  status: ShareReason['status'];
  reason: string;
  sopInstanceUIDs: string[];
}

/** One group per distinct status and reason, in order of first appearance (a peer that is down fails every instance alike). */
export function groupReasons(reasons: readonly ShareReason[]): ReasonGroup[] {
  const groups = new Map<string, ReasonGroup>();
  for (const { status, reason, sopInstanceUID } of reasons) {
    const key = JSON.stringify([status, reason]);
    const group = groups.get(key) ?? { status, reason, sopInstanceUIDs: [] };
    group.sopInstanceUIDs.push(sopInstanceUID);
    groups.set(key, group);
  }
  return [...groups.values()];
}
