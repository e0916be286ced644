// Tags as the standard writes them, "(0010,0010)" or with repeating digits "(60xx,3000)", turned into
// a value/mask pair: a tag t matches when ((t & mask) >>> 0) === value.

const TAG_PATTERN = /^\(([0-9A-Fa-fXx]{4}),([0-9A-Fa-fXx]{4})\)$/;

/** Mask of an exact tag: every bit is significant. */
export const EXACT_MASK = 0xffffffff;

// Odd groups are private (PS3.5 §7.8), so a repeating group such as 50xx or 60xx stands for even
// groups only: the lowest group bit stays in the mask with value 0. PS3.5 §7.6 lists only 00-1E for
// xx; any even xx is accepted (as dcmtk does) because such a group can never be private and
// treating it as curve/overlay data is the conservative reading.
const EVEN_GROUP_BIT = 0x00010000;

/**
 * @param {string} text e.g. "(0010,0010)", "(50XX,XXXX)", "(1000,xxx0)"
 * @returns {{ value: number, mask: number } | undefined} undefined when the text is not a tag
 */
export function parseTagPattern(text) {
  const match = TAG_PATTERN.exec(text.trim());
  if (match === null) return undefined;
  const digits = `${match[1]}${match[2]}`;
  let value = 0;
  let mask = 0;
  for (const digit of digits) {
    const wildcard = digit === 'x' || digit === 'X';
    value = value * 16 + (wildcard ? 0 : Number.parseInt(digit, 16));
    mask = mask * 16 + (wildcard ? 0 : 0xf);
  }
  if (/[xX]/.test(match[1])) mask = (mask | EVEN_GROUP_BIT) >>> 0;
  return { value, mask };
}

/** "0x00100010": how generated files write tags and masks. */
export function hexLiteral(n) {
  return `0x${n.toString(16).toUpperCase().padStart(8, '0')}`;
}
