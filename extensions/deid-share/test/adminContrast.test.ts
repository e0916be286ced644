import { ADMIN_CSS } from '../src/admin/styles.js';

/** WCAG 2.x relative luminance and contrast ratio of two #rrggbb colours. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => {
    const channel = parseInt(hex.slice(at, at + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
};

/** The console's colours, read from its stylesheet: what is tested is what is shipped. */
const colour = (name: string) => {
  const value = new RegExp(`--${name}: (#[0-9a-f]{6})`).exec(ADMIN_CSS)?.[1];
  if (!value) throw new Error(`--${name} is not a #rrggbb colour in the stylesheet`);
  return value;
};
const background = (selector: string) => {
  const value = new RegExp(`${selector.replace('.', '\\.')} \\{[^}]*background: (#[0-9a-f]{6})`).exec(ADMIN_CSS)?.[1];
  if (!value) throw new Error(`${selector} has no #rrggbb background in the stylesheet`);
  return value;
};

describe("the admin console's colours", () => {
  it('keep every text colour at 4.5:1 or more on every background it is drawn on (WCAG AA)', () => {
    const texts = ['fg', 'muted', 'primary', 'danger', 'ok', 'warn'].map(colour);
    const backgrounds = [colour('bg'), colour('card'), background('.adm-error'), background('.adm-warn-box')];
    for (const text of texts) for (const under of backgrounds) expect(contrast(text, under)).toBeGreaterThanOrEqual(4.5);
    // White on the filled buttons and the current page's tab.
    for (const fill of [colour('primary'), colour('danger')]) expect(contrast('#ffffff', fill)).toBeGreaterThanOrEqual(4.5);
  });
});
