import { makeTag, PIXEL_DATA, setString, uint16Value, type DicomFile } from '@deid-share/dicom';
import { blackSamples } from './black.js';
import { compressedSyntax } from './codecs/transfer-syntaxes.js';
import { decodeFrames, UnsupportedSyntaxError, type DecodedImage } from './decode-frames.js';
import { EXTENDED_OFFSET_TABLE, EXTENDED_OFFSET_TABLE_LENGTHS } from './encapsulated.js';
import { describeImage, PHOTOMETRIC_INTERPRETATION, PLANAR_CONFIGURATION } from './image.js';
import { keepLossyHistory } from './lossy-history.js';
import { clipRect, maskFrame, type Rect } from './mask.js';
import { contains, describeRegion, groupByBox, mergeNearby } from './masked-regions.js';
import { encodeMasked } from './output-syntax.js';
import type { RegionRule } from './region-rules.js';
import { renderGrey } from './render.js';
import { textRegions } from './text-regions.js';

const BURNED_IN_ANNOTATION = makeTag(0x0028, 0x0301);
const SOURCE = 'the image';

export interface PixelPolicy {
  /** Text that OCR finds outside every matched rule's rectangles: masked too, or the instance withheld for review. */
  readonly onTextOutsideKnownRegions: 'mask' | 'withhold';
  /** OCR looks for text (default); false applies the region rules only. */
  readonly detectText?: boolean;
}

export interface CleanRequest {
  /** Parsed input; its data set is changed only when cleaning succeeds. */
  readonly file: DicomFile;
  /** Region rules whose signature the instance's header has. */
  readonly rules: readonly RegionRule[];
  /** Burned In Annotation (0028,0301) says YES: finding nothing to mask is then a reason to withhold. */
  readonly declaredBurnedIn: boolean;
  readonly policy: PixelPolicy;
}

export type CleanResult =
  | {
      readonly status: 'cleaned';
      /** The transfer syntax the data set must now be written in. */
      readonly transferSyntaxUID: string;
      /** Every box masked in the image, in image coordinates (overlays are masked with them). */
      readonly rects: readonly Rect[];
      /** Provenance lines: box, frames, and the rule or "OCR" that asked for it. */
      readonly regions: readonly string[];
    }
  | { readonly status: 'withhold'; readonly reason: string };

async function decode(request: CleanRequest): Promise<DecodedImage | string> {
  const { dataset, transferSyntaxUID } = request.file;
  try {
    return await decodeFrames(dataset, transferSyntaxUID, describeImage(dataset), SOURCE);
  } catch (error) {
    if (error instanceof UnsupportedSyntaxError) return `burned-in text cannot be cleaned: ${error.message}`;
    return `burned-in text cannot be cleaned: the pixels in transfer syntax ${transferSyntaxUID} could not be decoded (${(error as Error).message}); convert the file (e.g. dcmtk's dcmdjpeg/dcmdrle/dcmdjpls) or review it by hand`;
  }
}

/**
 * Cleans burned-in text from every frame: the matched rules' rectangles and the text OCR finds are set to black,
 * the frames re-encoded (output-syntax.ts), and Burned In Annotation set to NO. Fails closed: anything that cannot
 * be decoded or judged is withheld with a reason that names the transfer syntax and what to do.
 */
export async function cleanPixelData(request: CleanRequest): Promise<CleanResult> {
  const decoded = await decode(request);
  if (typeof decoded === 'string') return { status: 'withhold', reason: decoded };
  const { dataset, transferSyntaxUID } = request.file;
  const { image, frames } = decoded;
  let black: number[];
  try {
    black = blackSamples(image, dataset, SOURCE);
  } catch (error) {
    return { status: 'withhold', reason: `burned-in text cannot be cleaned: ${(error as Error).message}` };
  }
  const known = request.rules.flatMap((rule) => rule.regions.flatMap((region) => clipRect(region, image) ?? []).map((rect) => ({ rect, reason: rule.name })));
  const found: { rect: Rect; frame: number; reason: string }[] = [];
  for (const [index, frame] of frames.entries()) {
    const text = request.policy.detectText === false ? [] : mergeNearby(await textRegions(renderGrey(frame, image, dataset, SOURCE)));
    const outside = text.filter((rect) => !known.some((region) => contains(region.rect, rect)));
    if (outside.length && request.policy.onTextOutsideKnownRegions === 'withhold') {
      const first = outside[0]!;
      return {
        status: 'withhold',
        reason: `burned-in text found outside the known regions (${outside.length} box(es) in frame ${index + 1}, the first at x=${first.x} y=${first.y} w=${first.width} h=${first.height}): withheld for review, as the profile's pixels.onTextOutsideKnownRegions says`,
      };
    }
    found.push(...known.map(({ rect, reason }) => ({ rect, frame: index + 1, reason })), ...outside.map((rect) => ({ rect, frame: index + 1, reason: 'OCR' })));
    maskFrame(frame, image, [...known.map((region) => region.rect), ...outside], black);
  }
  if (found.length === 0) {
    if (request.declaredBurnedIn) {
      return { status: 'withhold', reason: 'Burned In Annotation (0028,0301) is YES but neither a region rule nor OCR found text to mask: review the image by hand' };
    }
    // Nothing to mask: the pixels stay exactly as they came, in their own syntax.
    setString(dataset, BURNED_IN_ANNOTATION, 'CS', 'NO');
    return { status: 'cleaned', transferSyntaxUID, rects: [], regions: [] };
  }

  const encoded = encodeMasked(decoded, transferSyntaxUID, dataset.get(PIXEL_DATA)!);
  keepLossyHistory(dataset, compressedSyntax(transferSyntaxUID), dataset.get(PIXEL_DATA)!.value.length, frames.reduce((sum, frame) => sum + frame.length, 0));
  dataset.set(encoded.pixelData);
  dataset.delete(EXTENDED_OFFSET_TABLE);
  dataset.delete(EXTENDED_OFFSET_TABLE_LENGTHS);
  setString(dataset, PHOTOMETRIC_INTERPRETATION, 'CS', image.photometric);
  if (image.samplesPerPixel === 3 && uint16Value(dataset, PLANAR_CONFIGURATION) !== image.planarConfiguration) {
    dataset.set({ tag: PLANAR_CONFIGURATION, vr: 'US', value: Uint8Array.of(image.planarConfiguration, 0) });
  }
  setString(dataset, BURNED_IN_ANNOTATION, 'CS', 'NO');
  const regions = groupByBox(found, frames.length);
  return { status: 'cleaned', transferSyntaxUID: encoded.transferSyntaxUID, rects: regions.map((region) => region.rect), regions: regions.map(describeRegion) };
}
