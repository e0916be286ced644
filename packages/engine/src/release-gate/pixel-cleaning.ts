import { PIXEL_DATA, type DataSet, type DicomFile } from '@deid-share/dicom';
import type { CleanResult, RegionRule } from '@deid-share/pixels';
import type { PixelCleaningConfig } from '../profile/profile.js';
import { burnedInTextRisk } from './withhold.js';

type PixelsModule = typeof import('@deid-share/pixels');

/** Without a `pixels` section a profile masks what it finds: TCIA's practice, which keeps the image. */
const DEFAULT_CONFIG: PixelCleaningConfig = { onTextOutsideKnownRegions: 'mask' };

interface Loaded {
  readonly pixels: PixelsModule;
  readonly rules: readonly RegionRule[];
}

/**
 * The engine's side of clean-pixel-data: picks the instances that need pixel work (text declared or likely, or a
 * region rule naming them) and has @deid-share/pixels clean them. The pixel package, its codecs and the OCR engine
 * are loaded on first use, so profiles and images without pixel work never pay for them.
 */
export class PixelCleaning {
  #loaded: Promise<Loaded> | undefined;

  constructor(
    private readonly config: PixelCleaningConfig = DEFAULT_CONFIG,
    private readonly profileSource: string,
  ) {}

  #load(): Promise<Loaded> {
    this.#loaded ??= import('@deid-share/pixels').then((pixels) => ({
      pixels,
      rules: [...pixels.ctpRegionRules(), ...(this.config.rules ?? []).map((spec) => pixels.ruleFromSpec(spec, `profile ${this.profileSource}`))],
    }));
    return this.#loaded;
  }

  /** Cleans the pixels of an instance that needs it (in place); undefined when it needs no pixel work. */
  async clean(file: DicomFile): Promise<CleanResult | undefined> {
    if (!file.dataset.has(PIXEL_DATA)) return undefined;
    const risk = burnedInTextRisk(file.dataset);
    const { pixels, rules } = await this.#load();
    const matched = pixels.matchingRules(rules, file.dataset, file.meta);
    if (!risk && matched.length === 0) return undefined;
    return pixels.cleanPixelData({ file, rules: matched, declaredBurnedIn: risk === 'declared', policy: this.config });
  }

  /** Masks overlay planes that de-identification kept (clean-graphics) where the image was masked; provenance lines. */
  async cleanOverlays(dataset: DataSet, result: CleanResult & { status: 'cleaned' }): Promise<string[]> {
    const { pixels } = await this.#load();
    return pixels.cleanOverlays(dataset, result.rects, this.config.detectText !== false);
  }
}
