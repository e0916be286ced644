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
import { brightnessOf } from './brightness.js';
import type { ImageDescription } from './image.js';
import { renderGrey } from './render.js';
import { screenFrame } from './screen.js';
import { textInRegions, textRegions } from './text-regions.js';

const BURNED_IN_ANNOTATION = makeTag(0x0028, 0x0301);
const SOURCE = 'the image';
/** A screened region at most this many times the area of the words OCR confirmed in it is masked whole. */
const TIGHT_REGION = 2;

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
  /**
   * The header gives a reason to expect text (declared, a text-prone modality or SOP class, a matching rule): OCR
   * reads every frame whole (the default), as well as what the text screen marks. False: OCR reads only the regions
   * the screen marks, and a frame the screen clears costs a fraction of a millisecond.
   */
  readonly readWholeFrames?: boolean;
}

/** Text found in one frame (1-based), boxes in image coordinates. */
export interface FrameText {
  readonly frame: number;
  readonly rects: readonly Rect[];
}

export type ScreenResult = { readonly status: 'screened'; readonly text: readonly FrameText[] } | { readonly status: 'withhold'; readonly reason: string };

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

async function decode(file: DicomFile, copyNative: boolean): Promise<DecodedImage | string> {
  const { dataset, transferSyntaxUID } = file;
  try {
    return await decodeFrames(dataset, transferSyntaxUID, describeImage(dataset), SOURCE, copyNative);
  } catch (error) {
    if (error instanceof UnsupportedSyntaxError) return `burned-in text cannot be cleaned: ${error.message}`;
    return `burned-in text cannot be cleaned: the pixels in transfer syntax ${transferSyntaxUID} could not be decoded (${(error as Error).message}); convert the file (e.g. dcmtk's dcmdjpeg/dcmdrle/dcmdjpls) or review it by hand`;
  }
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * Burned-in text in one frame. The text screen marks regions with runs of strokes; OCR reads them (and the whole
 * frame when `wholeFrame`), and a marked region where OCR confirms words is masked whole when it is mostly those
 * words, so the words on its line that OCR could not read go with them.
 */
async function textInFrame(frame: Uint8Array, image: ImageDescription, dataset: DicomFile['dataset'], wholeFrame: boolean): Promise<Rect[]> {
  const screened = screenFrame(brightnessOf(frame, image, dataset, SOURCE), image.columns, image.rows);
  if (!wholeFrame && screened.length === 0) return [];
  const grey = renderGrey(frame, image, dataset, SOURCE);
  const read = wholeFrame ? mergeNearby(await textRegions(grey)) : [];
  const unread = screened.filter((region) => !read.some((box) => overlaps(box, region)));
  const words = await textInRegions(grey, unread);
  const confirmed = unread.flatMap((region, index) => {
    const boxes = words[index]!;
    // The whole region goes only when it is mostly text: one that also runs over anatomy keeps all but the words.
    const wordArea = boxes.reduce((sum, box) => sum + box.width * box.height, 0);
    return boxes.length === 0 ? [] : region.width * region.height <= TIGHT_REGION * wordArea ? [region, ...boxes] : boxes;
  });
  return [...read, ...confirmed];
}

/**
 * Screens every frame for burned-in text without changing anything: what an instance carries when clean-pixel-data
 * is not selected (the caller withholds it when text is found). Frames that cannot be decoded withhold the instance.
 */
export async function findBurnedInText(file: DicomFile): Promise<ScreenResult> {
  const decoded = await decode(file, false);
  if (typeof decoded === 'string') return { status: 'withhold', reason: decoded.replace('burned-in text cannot be cleaned', 'the pixels cannot be screened for burned-in text') };
  const text: FrameText[] = [];
  for (const [index, frame] of decoded.frames.entries()) {
    const rects = await textInFrame(frame, decoded.image, file.dataset, false);
    if (rects.length) text.push({ frame: index + 1, rects });
  }
  return { status: 'screened', text };
}

/**
 * Cleans burned-in text from every frame: the matched rules' rectangles and the text OCR finds are set to black,
 * the frames re-encoded (output-syntax.ts), and Burned In Annotation set to NO. Fails closed: anything that cannot
 * be decoded or judged is withheld with a reason that names the transfer syntax and what to do.
 */
export async function cleanPixelData(request: CleanRequest): Promise<CleanResult> {
  const wholeFrames = request.readWholeFrames !== false;
  const decoded = await decode(request.file, wholeFrames);
  if (typeof decoded === 'string') return { status: 'withhold', reason: decoded };
  const { dataset, transferSyntaxUID } = request.file;
  const { image } = decoded;
  let black: number[];
  try {
    black = blackSamples(image, dataset, SOURCE);
  } catch (error) {
    return { status: 'withhold', reason: `burned-in text cannot be cleaned: ${(error as Error).message}` };
  }
  const known = request.rules.flatMap((rule) => rule.regions.flatMap((region) => clipRect(region, image) ?? []).map((rect) => ({ rect, reason: rule.name })));
  const found: { rect: Rect; frame: number; reason: string }[] = [];
  const masks: Rect[][] = [];
  for (const [index, frame] of decoded.frames.entries()) {
    const text = request.policy.detectText === false ? [] : await textInFrame(frame, image, dataset, wholeFrames);
    const outside = text.filter((rect) => !known.some((region) => contains(region.rect, rect)));
    if (outside.length && request.policy.onTextOutsideKnownRegions === 'withhold') {
      const first = outside[0]!;
      return {
        status: 'withhold',
        reason: `burned-in text found outside the known regions (${outside.length} box(es) in frame ${index + 1}, the first at x=${first.x} y=${first.y} w=${first.width} h=${first.height}): withheld for review, as the profile's pixels.onTextOutsideKnownRegions says`,
      };
    }
    found.push(...known.map(({ rect, reason }) => ({ rect, frame: index + 1, reason })), ...outside.map((rect) => ({ rect, frame: index + 1, reason: 'OCR' })));
    masks.push([...known.map((region) => region.rect), ...outside]);
  }
  if (found.length === 0) {
    if (request.declaredBurnedIn) {
      return { status: 'withhold', reason: 'Burned In Annotation (0028,0301) is YES but neither a region rule nor OCR found text to mask: review the image by hand' };
    }
    // Nothing to mask: the pixels stay exactly as they came, in their own syntax; the header is changed only
    // where it gave a reason to look.
    if (wholeFrames) setString(dataset, BURNED_IN_ANNOTATION, 'CS', 'NO');
    return { status: 'cleaned', transferSyntaxUID, rects: [], regions: [] };
  }
  // Native frames read in place are copied before masking (by the constructor: a Node Buffer's slice() is a view),
  // so the caller's bytes never change.
  const frames = wholeFrames ? decoded.frames : decoded.frames.map((frame) => new Uint8Array(frame));
  frames.forEach((frame, index) => maskFrame(frame, image, masks[index]!, black));

  const encoded = encodeMasked({ image, frames }, transferSyntaxUID, dataset.get(PIXEL_DATA)!);
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
