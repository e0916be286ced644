import { PIXEL_DATA, type DataSet, type DicomFile } from '@deid-share/dicom';
import type { CleanResult, PixelPolicy, RegionRule } from '@deid-share/pixels';
import type { PixelCleaningConfig } from '../profile/profile.js';
import { burnedInTextRisk } from './withhold.js';

type PixelsModule = typeof import('@deid-share/pixels');
type Cleaned = CleanResult & { readonly status: 'cleaned' };

interface Loaded {
  readonly pixels: PixelsModule;
  readonly rules: readonly RegionRule[];
}

/** What the report says about an instance's pixels: whether they were looked at, and the boxes masked (never the text). */
export interface PixelReport {
  readonly screened: boolean;
  /** Provenance lines of the masked boxes (docs/pixels.md): box, frames, why. */
  readonly masked: readonly string[];
  /** Why the pixels were not looked at, when they were not. */
  readonly note?: string;
}

export type PixelOutcome =
  | { readonly status: 'withhold'; readonly reason: string }
  /** `cleaned` when clean-pixel-data handled the pixels; absent when they pass untouched. */
  | { readonly status: 'kept'; readonly cleaned?: Cleaned; readonly report?: PixelReport };

const NOT_SCREENED = 'pixels were not screened for burned-in text: the profile sets pixels.screen to "declared" (docs/pixels.md)';

/**
 * The engine's side of burned-in text. Every image is screened for text (unless the profile's pixels.screen is
 * "declared"); with clean-pixel-data, what is found is masked by @deid-share/pixels and the image kept, and
 * candidates (text declared or likely, or a region rule naming them) are read whole by OCR as well. Without the
 * option, an image with text found is withheld. The pixel package, its codecs and the OCR engine are loaded on
 * first use.
 */
export class PixelCleaning {
  #loaded: Promise<Loaded> | undefined;
  readonly #policy: PixelPolicy;

  constructor(
    private readonly config: PixelCleaningConfig = {},
    private readonly profileSource: string,
    /** The profile selects clean-pixel-data. */
    private readonly cleans: boolean,
  ) {
    this.#policy = { onTextOutsideKnownRegions: config.onTextOutsideKnownRegions ?? 'mask', ...(config.detectText === undefined ? {} : { detectText: config.detectText }) };
  }

  /** Every image is screened: the profile asks for it (the default) and lets OCR confirm what the screen marks. */
  get screensEveryImage(): boolean {
    return (this.config.screen ?? 'all') === 'all' && this.config.detectText !== false;
  }

  #load(): Promise<Loaded> {
    this.#loaded ??= import('@deid-share/pixels').then((pixels) => ({
      pixels,
      rules: [...pixels.ctpRegionRules(), ...(this.config.rules ?? []).map((spec) => pixels.ruleFromSpec(spec, `profile ${this.profileSource}`))],
    }));
    return this.#loaded;
  }

  /** Screens, and with clean-pixel-data cleans (in place), the pixels of an instance. */
  async process(file: DicomFile): Promise<PixelOutcome> {
    // No pixels (absent, or a zero-length value as some test writers leave): no text can be burned into them.
    if (!file.dataset.get(PIXEL_DATA)?.value.length) return { status: 'kept' };
    return this.cleans ? this.#clean(file) : this.#screenOnly(file);
  }

  async #clean(file: DicomFile): Promise<PixelOutcome> {
    const risk = burnedInTextRisk(file.dataset);
    const { pixels, rules } = await this.#load();
    const matched = pixels.matchingRules(rules, file.dataset, file.meta);
    const candidate = risk !== undefined || matched.length > 0;
    if (!candidate && !this.screensEveryImage) return { status: 'kept', report: { screened: false, masked: [], note: NOT_SCREENED } };
    const cleaned = await pixels.cleanPixelData({ file, rules: matched, declaredBurnedIn: risk === 'declared', policy: this.#policy, readWholeFrames: candidate });
    return cleaned.status === 'withhold' ? cleaned : { status: 'kept', cleaned, report: { screened: true, masked: cleaned.regions } };
  }

  async #screenOnly(file: DicomFile): Promise<PixelOutcome> {
    if (!this.screensEveryImage) return { status: 'kept', report: { screened: false, masked: [], note: NOT_SCREENED } };
    const { pixels } = await this.#load();
    const screened = await pixels.findBurnedInText(file);
    if (screened.status === 'withhold') return screened;
    const first = screened.text[0];
    if (!first) return { status: 'kept', report: { screened: true, masked: [] } };
    const box = first.rects[0]!;
    const boxes = screened.text.reduce((sum, frame) => sum + frame.rects.length, 0);
    return {
      status: 'withhold',
      reason: `burned-in text found in the pixels (${boxes} box(es), the first in frame ${first.frame} at x=${box.x} y=${box.y} w=${box.width} h=${box.height}) and the profile does not select clean-pixel-data: add --option clean-pixel-data (or the profile option) to mask it and keep the image, or review it by hand (docs/pixels.md)`,
    };
  }

  /** Masks overlay planes that de-identification kept (clean-graphics) where the image was masked; provenance lines. */
  async cleanOverlays(dataset: DataSet, result: Cleaned): Promise<string[]> {
    const { pixels } = await this.#load();
    return pixels.cleanOverlays(dataset, result.rects, this.config.detectText !== false);
  }
}
