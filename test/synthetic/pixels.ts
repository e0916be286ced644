/** Pixels for the synthetic corpus: a smooth background, and text drawn with a 3×5 stroke font where PHI is burned in. */

const GLYPHS: Record<string, string> = {
  A: '010101111101101', B: '110101110101110', C: '011100100100011', D: '110101101101110', E: '111100110100111',
  F: '111100110100100', G: '011100101101011', H: '101101111101101', I: '111010010010111', J: '001001001101010',
  K: '101101110101101', L: '100100100100111', M: '101111111101101', N: '110101101101101', O: '010101101101010',
  P: '110101110100100', Q: '010101101110011', R: '110101110101101', S: '011100010001110', T: '111010010010010',
  U: '101101101101111', V: '101101101101010', W: '101101111111101', X: '101101010101101', Y: '101101010010010',
  Z: '111001010100111', '0': '111101101101111', '1': '010110010010111', '2': '110001010100111', '3': '110001010001110',
  '4': '101101111001001', '5': '111100110001110', '6': '011100110101010', '7': '111001010010010', '8': '010101010101010',
  '9': '010101011001110', ' ': '000000000000000',
};

export interface Rectangle {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Where `text` lands when drawn at (x, y) with the given scale: 4 columns per character (3 and a gap), 5 rows. */
export function textBounds(text: string, x: number, y: number, scale: number): Rectangle {
  return { x, y, width: (text.length * 4 - 1) * scale, height: 5 * scale };
}

/** Calls `set` for every pixel of the strokes of `text` (upper-case letters, digits, spaces). */
export function strokeText(text: string, x: number, y: number, scale: number, set: (px: number, py: number) => void): void {
  [...text.toUpperCase()].forEach((char, index) => {
    const glyph = GLYPHS[char];
    if (!glyph) throw new Error(`the synthetic font has no glyph for "${char}": use A-Z, 0-9 and spaces`);
    for (let bit = 0; bit < 15; bit++) {
      if (glyph[bit] !== '1') continue;
      const gx = x + (index * 4 + (bit % 3)) * scale;
      const gy = y + Math.floor(bit / 3) * scale;
      for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) set(gx + dx, gy + dy);
    }
  });
}

/** A monochrome image (8 or 16 bits, little endian) with a diagonal gradient, as an anatomy stand-in. */
export function gradientImage(width: number, height: number, bytesPerSample: 1 | 2): Uint8Array {
  const pixels = new Uint8Array(width * height * bytesPerSample);
  const view = new DataView(pixels.buffer);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const value = Math.round(((x + y) / (width + height)) * (bytesPerSample === 1 ? 200 : 3000));
      if (bytesPerSample === 1) pixels[y * width + x] = value;
      else view.setUint16((y * width + x) * 2, value, true);
    }
  }
  return pixels;
}

/** Burns text into an 8-bit image: a black box over `box`, white strokes inside it. */
export function burnText(pixels: Uint8Array, width: number, box: Rectangle, text: string, scale: number): void {
  for (let y = box.y; y < box.y + box.height; y++) pixels.fill(0, y * width + box.x, y * width + box.x + box.width);
  strokeText(text, box.x + scale, box.y + scale, scale, (x, y) => {
    pixels[y * width + x] = 255;
  });
}

/** An overlay plane (1 bit per pixel, packed from the lowest bit, PS3.5 §8.1.2) with text in it. */
export function overlayWithText(width: number, height: number, text: string): Uint8Array {
  const bits = new Uint8Array(Math.ceil((width * height) / 16) * 2);
  strokeText(text, 1, 1, 1, (x, y) => {
    if (x >= width || y >= height) return;
    const index = y * width + x;
    bits[index >> 3] = (bits[index >> 3] ?? 0) | (1 << (index & 7));
  });
  return bits;
}
