import type { Locator } from 'playwright-core';

/**
 * Standard deviation of the luminance of what the element shows on screen (0 for a blank or uniform area), so a
 * test can tell a rendered image from an empty viewport. The screenshot is decoded by the browser itself.
 */
export async function luminanceSpread(element: Locator): Promise<number> {
  const png = await element.screenshot();
  return element.page().evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, image.width, image.height);
    let sum = 0;
    let sumSquares = 0;
    const count = data.length / 4;
    for (let i = 0; i < data.length; i += 4) {
      const y = 0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!;
      sum += y;
      sumSquares += y * y;
    }
    const mean = sum / count;
    return Math.sqrt(Math.max(0, sumSquares / count - mean * mean));
  }, png.toString('base64'));
}

/** Polls `measure` until it exceeds `threshold`; returns the last value (the caller asserts on it). */
export async function waitForSpread(measure: () => Promise<number>, threshold: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let value = await measure();
  while (value <= threshold && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await measure();
  }
  return value;
}
