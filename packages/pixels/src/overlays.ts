import { makeTag, type DataSet } from '@deid-share/dicom';
import type { ImageDescription } from './image.js';
import { clipRect, maskFrame, type Rect } from './mask.js';
import { describeRegion } from './masked-regions.js';
import { joinNativeFrames, splitNativeFrames } from './native-frames.js';
import type { GreyImage } from './render.js';
import { textRegions } from './text-regions.js';

/** One overlay plane (60xx group): a 1-bit bitmap placed at an origin over the image (PS3.3 C.9.2). */
interface Overlay {
  readonly group: number;
  readonly rows: number;
  readonly columns: number;
  /** Top-left corner in image pixel coordinates (the attribute is 1-based row, column). */
  readonly left: number;
  readonly top: number;
  readonly frames: number;
}

function overlaysOf(dataset: DataSet): Overlay[] {
  const overlays: Overlay[] = [];
  for (let group = 0x6000; group <= 0x601e; group += 2) {
    const data = dataset.get(makeTag(group, 0x3000));
    if (!data?.value.length) continue;
    const uint16 = (element: number): number => {
      const value = dataset.get(makeTag(group, element))?.value;
      return value && value.length >= 2 ? value[0]! | (value[1]! << 8) : 0;
    };
    const origin = dataset.get(makeTag(group, 0x0050))?.value;
    const signed = (offset: number): number => (origin && origin.length >= offset + 2 ? new DataView(origin.buffer, origin.byteOffset).getInt16(offset, true) : 1);
    const frames = Number.parseInt(new TextDecoder().decode(dataset.get(makeTag(group, 0x0015))?.value ?? new Uint8Array(0)), 10);
    overlays.push({ group, rows: uint16(0x0010), columns: uint16(0x0011), top: signed(0) - 1, left: signed(2) - 1, frames: frames > 0 ? frames : 1 });
  }
  return overlays.filter((overlay) => overlay.rows > 0 && overlay.columns > 0);
}

function planeDescription(overlay: Overlay): ImageDescription {
  return { rows: overlay.rows, columns: overlay.columns, samplesPerPixel: 1, bitsAllocated: 1, bitsStored: 1, pixelRepresentation: 0, photometric: 'MONOCHROME2', planarConfiguration: 0, frames: overlay.frames };
}

function planeAsGrey(frame: Uint8Array, overlay: Overlay): GreyImage {
  const pixels = new Uint8Array(overlay.rows * overlay.columns);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (frame[i >> 3]! >> (i & 7)) & 1 ? 255 : 0;
  return { width: overlay.columns, height: overlay.rows, pixels };
}

/**
 * Overlay planes that survived de-identification (the profile kept them under clean-graphics) carry text as well:
 * each plane is masked where the image was, and where OCR reads text in the plane itself (unless OCR is off). Returns provenance lines
 * for the boxes found in the planes (in image coordinates).
 */
export async function cleanOverlays(dataset: DataSet, imageRects: readonly Rect[], detectText = true): Promise<string[]> {
  const found: string[] = [];
  for (const overlay of overlaysOf(dataset)) {
    const tag = makeTag(overlay.group, 0x3000);
    const plane = planeDescription(overlay);
    const inPlane = imageRects.flatMap((rect) => clipRect({ ...rect, x: rect.x - overlay.left, y: rect.y - overlay.top }, plane) ?? []);
    const frames = splitNativeFrames(dataset.get(tag)!.value, plane, `overlay (${overlay.group.toString(16).toUpperCase()},3000)`);
    for (const [index, frame] of frames.entries()) {
      const textRects = detectText ? await textRegions(planeAsGrey(frame, overlay)) : [];
      const reason = `OCR in overlay (${overlay.group.toString(16).toUpperCase()},3000)`;
      found.push(...textRects.map((rect) => describeRegion({ rect: { ...rect, x: rect.x + overlay.left, y: rect.y + overlay.top }, frames: [index + 1], reason })));
      maskFrame(frame, plane, [...inPlane, ...textRects], [0]);
    }
    dataset.set({ ...dataset.get(tag)!, value: joinNativeFrames(frames, plane) });
  }
  return found;
}
