import type { Rect } from './mask.js';

/** Boxes closer than this (pixels) are merged: words on one line become one box, and the gaps between them go too. */
const MERGE_GAP = 6;

function near(a: Rect, b: Rect): boolean {
  return a.x <= b.x + b.width + MERGE_GAP && b.x <= a.x + a.width + MERGE_GAP && a.y <= b.y + b.height + MERGE_GAP && b.y <= a.y + a.height + MERGE_GAP;
}

function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/** Merges overlapping or adjacent boxes (or those `joins` says belong together) until no two are left to join. */
export function mergeNearby(rects: readonly Rect[], joins: (a: Rect, b: Rect) => boolean = near): Rect[] {
  const merged = [...rects];
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < merged.length && !changed; i++) {
      for (let j = i + 1; j < merged.length; j++) {
        if (joins(merged[i]!, merged[j]!)) {
          merged[i] = union(merged[i]!, merged.splice(j, 1)[0]!);
          changed = true;
          break;
        }
      }
    }
  }
  return merged;
}

export function contains(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

/** One line of the provenance record: which box, in which frames, and why. */
export interface MaskedRegion {
  readonly rect: Rect;
  /** 1-based frame numbers; empty means every frame. */
  readonly frames: readonly number[];
  readonly reason: string;
}

function frameList(frames: readonly number[]): string {
  if (frames.length === 0) return 'all frames';
  const ranges: string[] = [];
  for (let i = 0; i < frames.length; ) {
    let j = i;
    while (j + 1 < frames.length && frames[j + 1] === frames[j]! + 1) j++;
    ranges.push(i === j ? `${frames[i]}` : `${frames[i]}-${frames[j]}`);
    i = j + 1;
  }
  return `frame ${ranges.join(',')}`;
}

/** "x=0 y=0 w=1229 h=69 all frames: CTP line 132: US / MINDRAY" */
export function describeRegion(region: MaskedRegion): string {
  const { x, y, width, height } = region.rect;
  return `x=${x} y=${y} w=${width} h=${height} ${frameList(region.frames)}: ${region.reason}`;
}

/** Groups the same box found in several frames for the same reason into one region. */
export function groupByBox(found: readonly { rect: Rect; frame: number; reason: string }[], frameCount: number): MaskedRegion[] {
  const groups = new Map<string, { rect: Rect; frames: number[]; reason: string }>();
  for (const { rect, frame, reason } of found) {
    const key = `${rect.x},${rect.y},${rect.width},${rect.height},${reason}`;
    const group = groups.get(key) ?? { rect, frames: [], reason };
    group.frames.push(frame);
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => ({ ...group, frames: group.frames.length === frameCount ? [] : group.frames }));
}
