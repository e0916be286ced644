// Builds the burned-in text corpus (issue 11) from real images of test/corpus: names, IDs, dates and institutions
// planted into CT, MR, CR, DX, MG (a DX radiograph written as a mammogram), NM, PT and RF images in corners, along edges, over anatomy and turned 90°/270°,
// white, grey and black, 8 pixels high to large, on 8- and 16-bit, signed and unsigned, MONOCHROME1/2, RGB and
// palette versions, and one multi-frame image where a single frame differs. Headers say Burned In Annotation NO
// or nothing. Every case has a control: the same image, converted the same way, without text. `truth.json` gives
// the planted words and their exact boxes.
//
//   node tools/burned-in-corpus/generate.mjs <out-dir>
//
// Deterministic: the same corpus every run. The synthetic identities are made up.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { concatChunks, EXPLICIT_VR_LITTLE_ENDIAN, makeTag, parseDicom, PIXEL_DATA, setString, writeDicom } from '@deid-share/dicom';
import { decodeFrames, describeImage } from '@deid-share/pixels';
import { rasterise, turn } from './font.mjs';

const corpus = join(dirname(dirname(dirname(fileURLToPath(import.meta.url)))), 'test', 'corpus');

const TAG = {
  sopClassUID: makeTag(0x0008, 0x0016),
  sopInstanceUID: makeTag(0x0008, 0x0018),
  modality: makeTag(0x0008, 0x0060),
  patientId: makeTag(0x0010, 0x0020),
  burnedIn: makeTag(0x0028, 0x0301),
  samplesPerPixel: makeTag(0x0028, 0x0002),
  photometric: makeTag(0x0028, 0x0004),
  planar: makeTag(0x0028, 0x0006),
  frames: makeTag(0x0028, 0x0008),
  bitsAllocated: makeTag(0x0028, 0x0100),
  bitsStored: makeTag(0x0028, 0x0101),
  highBit: makeTag(0x0028, 0x0102),
  pixelRepresentation: makeTag(0x0028, 0x0103),
  intercept: makeTag(0x0028, 0x1052),
  slope: makeTag(0x0028, 0x1053),
  windowCenter: makeTag(0x0028, 0x1050),
  windowWidth: makeTag(0x0028, 0x1051),
  paletteDescriptors: [makeTag(0x0028, 0x1101), makeTag(0x0028, 0x1102), makeTag(0x0028, 0x1103)],
  paletteData: [makeTag(0x0028, 0x1201), makeTag(0x0028, 0x1202), makeTag(0x0028, 0x1203)],
  extendedOffsets: makeTag(0x7fe0, 0x0001),
  extendedLengths: makeTag(0x7fe0, 0x0002),
};

const CT = 'orthanc-tests/Database/HierarchicalAnonymization/RTH/CT01.dcm';
const MR = 'orthanc-tests/Database/HierarchicalAnonymization/StructuredReports/IM631';
const MR_J2K = 'pydicom-data/data_store/data/MR2_J2KI.dcm';
const CR = 'fo-dicom/Tests/FO-DICOM.Tests/Test Data/CR-MONO1-10-chest';
const DX = 'highdicom/data/test_files/dx_image.dcm';
const NM = 'orthanc-tests/Database/TransferSyntaxes/1.2.840.10008.1.2.5.dcm';
const PT = 'orthanc-tests/Database/2020-11-16-SalimKanounAnonymization.dcm';
const RF = 'orthanc-tests/Database/KarstenHilbertRF.dcm';
const MULTI_FRAME = 'pydicom-data/data_store/data/emri_small.dcm';
/** Digital Mammography X-Ray Image Storage - For Presentation, modality MG. */
const MAMMOGRAPHY = { modality: 'MG', sopClassUID: '1.2.840.10008.5.1.4.1.1.1.2' };

/**
 * The cases. `at`: where the text's box starts, as fractions of the image or negative pixels from the right/bottom
 * edge; `size`: font pixels per glyph pixel (1 = 7-pixel capitals on an 8-pixel line); `turn`: 0, 90 or 270;
 * `colour`: white, grey or black as displayed; `frames`: which frames carry it (default all).
 */
export const CASES = [
  { name: 'ct-corners', source: CT, header: 'NO', texts: [
    { text: 'DOE JOHN', at: [4, 4], size: 1, colour: 'white', bold: true },
    { text: 'PID 4471 22', at: [-80, 4], size: 1, colour: 'white', bold: true },
    { text: '14.03.1958', at: [4, -14], size: 2, colour: 'grey' },
    { text: 'ST MARY HOSPITAL', at: [0.3, 0.5], size: 2, colour: 'black' },
  ] },
  { name: 'ct-vertical', source: CT, header: 'absent', texts: [
    { text: 'SMITH ANNA', at: [6, 0.2], size: 2, colour: 'white', turn: 90 },
    { text: '1961-07-02', at: [-22, 0.25], size: 2, colour: 'grey', turn: 270 },
  ] },
  { name: 'ct-unsigned', source: CT, convert: 'unsigned', header: 'NO', texts: [{ text: 'MUELLER KARL 556677', at: [0.2, -30], size: 2, colour: 'white' }] },
  { name: 'ct-monochrome1', source: CT, convert: 'monochrome1', header: 'absent', texts: [{ text: 'GARCIA LUIS', at: [0.25, 0.6], size: 3, colour: 'white' }] },
  { name: 'ct-8bit', source: CT, convert: 'eight-bit', header: 'NO', texts: [{ text: 'ID 99120 ROSSI', at: [-120, -20], size: 1, colour: 'white', bold: true }] },
  { name: 'mr-corner', source: MR, header: 'NO', texts: [
    { text: 'NOVAK PETR', at: [4, 4], size: 2, colour: 'white' },
    { text: '02.11.1970', at: [-70, -14], size: 1, colour: 'white', bold: true },
  ] },
  { name: 'mr-j2k-large', source: MR_J2K, header: 'absent', texts: [{ text: 'OLSEN', at: [0.3, 0.45], size: 4, colour: 'white' }] },
  { name: 'cr-monochrome1', source: CR, header: 'absent', texts: [
    { text: 'CITY CLINIC', at: [6, 6], size: 2, colour: 'white' },
    { text: 'JONES MARY', at: [-14, 0.3], size: 1, colour: 'white', bold: true, turn: 270 },
  ] },
  { name: 'dx-small', source: DX, header: 'NO', texts: [{ text: 'LEE 1234', at: [4, -12], size: 1, colour: 'white', bold: true }] },
  // Neither corpus holds a mammogram: the real DX radiograph stands in, written as a Digital Mammography image.
  { name: 'mg-as-mammogram', source: DX, as: MAMMOGRAPHY, header: 'absent', texts: [{ text: 'HANSEN 0411', at: [-80, 6], size: 1, colour: 'white', bold: true }] },
  { name: 'nm-edge', source: NM, header: 'NO', texts: [{ text: 'BAKER TOM 1949', at: [0.1, -20], size: 2, colour: 'white' }] },
  { name: 'pt-anatomy', source: PT, header: 'absent', texts: [{ text: 'KIM SORA', at: [0.3, 0.45], size: 2, colour: 'white' }] },
  { name: 'rf-grey', source: RF, header: 'NO', texts: [
    { text: 'GENERAL HOSPITAL', at: [0.3, -24], size: 2, colour: 'black' },
    { text: 'PETERS ANN 3381', at: [0.2, 0.55], size: 2, colour: 'grey' },
  ] },
  { name: 'rf-rgb', source: RF, convert: 'rgb', header: 'NO', texts: [{ text: 'WILSON 20240611', at: [0.3, 0.12], size: 2, colour: 'black' }] },
  { name: 'pt-palette', source: PT, convert: 'palette', header: 'absent', texts: [{ text: 'LOPEZ 7788', at: [6, -16], size: 1, colour: 'white', bold: true }] },
  { name: 'mr-multiframe', source: MULTI_FRAME, header: 'NO', texts: [{ text: 'ID 42', at: [4, 4], size: 1, colour: 'white', bold: true, frames: [7] }] },
];

function uid(seed) {
  return `2.25.${BigInt(`0x${createHash('sha256').update(seed).digest('hex').slice(0, 24)}`)}`;
}

function uint16(value) {
  return Uint8Array.of(value & 0xff, value >> 8);
}

/** Samples of a native frame as numbers, and a way to write them back. */
function samples(frame, image) {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const signed = image.pixelRepresentation === 1;
  if (image.bitsAllocated === 8) return { get: (i) => (signed ? view.getInt8(i) : frame[i]), set: (i, v) => (signed ? view.setInt8(i, v) : (frame[i] = v)) };
  return { get: (i) => (signed ? view.getInt16(2 * i, true) : view.getUint16(2 * i, true)), set: (i, v) => (signed ? view.setInt16(2 * i, v, true) : view.setUint16(2 * i, v, true)) };
}

function range(frames, image) {
  let min = Infinity;
  let max = -Infinity;
  for (const frame of frames) {
    const { get } = samples(frame, image);
    for (let i = 0; i < image.rows * image.columns; i++) {
      const v = get(i);
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return { min, max };
}

/** Re-expresses the image in another pixel format (the conversions the issue asks to be covered). */
function convert(kind, dataset, image, frames) {
  if (!kind) return { image, frames };
  const { min, max } = range(frames, image);
  const count = image.rows * image.columns;
  const to8 = (v) => Math.round((255 * (v - min)) / (max - min || 1));
  const setUs = (tag, value) => dataset.set({ tag, vr: 'US', value: uint16(value) });
  if (kind === 'unsigned' || kind === 'monochrome1') {
    const out = frames.map((frame) => {
      const from = samples(frame, image);
      const copy = new Uint8Array(frame.length);
      const to = samples(copy, { ...image, pixelRepresentation: kind === 'unsigned' ? 0 : image.pixelRepresentation });
      for (let i = 0; i < count; i++) to.set(i, kind === 'unsigned' ? from.get(i) - min : max + min - from.get(i));
      return copy;
    });
    if (kind === 'unsigned') {
      setUs(TAG.pixelRepresentation, 0);
      setString(dataset, TAG.intercept, 'DS', String(Number(new TextDecoder().decode(dataset.get(TAG.intercept)?.value ?? new Uint8Array())) + min));
      return { image: { ...image, pixelRepresentation: 0 }, frames: out };
    }
    setString(dataset, TAG.photometric, 'CS', 'MONOCHROME1');
    return { image: { ...image, photometric: 'MONOCHROME1' }, frames: out };
  }
  const grey = frames.map((frame) => {
    const from = samples(frame, image);
    return Uint8Array.from({ length: count }, (_, i) => to8(from.get(i)));
  });
  for (const tag of [TAG.intercept, TAG.slope, TAG.windowCenter, TAG.windowWidth]) dataset.delete(tag);
  setUs(TAG.bitsAllocated, 8);
  setUs(TAG.bitsStored, 8);
  setUs(TAG.highBit, 7);
  setUs(TAG.pixelRepresentation, 0);
  const eight = { ...image, bitsAllocated: 8, bitsStored: 8, pixelRepresentation: 0 };
  if (kind === 'eight-bit') return { image: eight, frames: grey };
  if (kind === 'rgb') {
    setUs(TAG.samplesPerPixel, 3);
    setUs(TAG.planar, 0);
    setString(dataset, TAG.photometric, 'CS', 'RGB');
    // A warm tint, so the three channels differ: text is found by luminance, not by one channel.
    const rgb = grey.map((g) => Uint8Array.from({ length: count * 3 }, (_, i) => Math.round(g[Math.floor(i / 3)] * [1, 0.85, 0.7][i % 3])));
    return { image: { ...eight, samplesPerPixel: 3, photometric: 'RGB' }, frames: rgb };
  }
  // PALETTE COLOR: index = grey level; a "hot" ramp (red first, then green, then blue), 16-bit entries.
  setString(dataset, TAG.photometric, 'CS', 'PALETTE COLOR');
  const ramps = [(i) => Math.min(1, i / 96), (i) => Math.min(1, Math.max(0, (i - 96) / 96)), (i) => Math.max(0, (i - 192) / 63)];
  ramps.forEach((ramp, c) => {
    dataset.set({ tag: TAG.paletteDescriptors[c], vr: 'US', value: Uint8Array.of(0, 1, 0, 0, 16, 0) });
    const data = new Uint8Array(512);
    for (let i = 0; i < 256; i++) data.set(uint16(Math.round(ramp(i) * 65535)), 2 * i);
    dataset.set({ tag: TAG.paletteData[c], vr: 'OW', value: data });
  });
  return { image: { ...eight, photometric: 'PALETTE COLOR' }, frames: grey };
}

/** The stored value(s) that display as `colour`. */
function ink(colour, image, frames) {
  if (image.samplesPerPixel === 3) return [{ white: 255, grey: 128, black: 0 }[colour]];
  if (image.photometric === 'PALETTE COLOR') return [{ white: 255, grey: 150, black: 0 }[colour]];
  const { min, max } = range(frames, image);
  const level = { white: 1, grey: 0.55, black: 0 }[colour];
  const displayed = image.photometric === 'MONOCHROME1' ? 1 - level : level;
  return [Math.round(min + displayed * (max - min))];
}

function place(at, size, image) {
  const coordinate = (value, extent, full) => (value < 0 ? full + value : value < 1 && value > 0 ? Math.round(value * full) : value);
  const x = Math.max(0, Math.min(image.columns - size.width, coordinate(at[0], size.width, image.columns)));
  const y = Math.max(0, Math.min(image.rows - size.height, coordinate(at[1], size.height, image.rows)));
  return { x, y };
}

function plant(frame, image, raster, box, value) {
  const { set } = samples(frame, image);
  for (let y = 0; y < raster.height; y++) {
    for (let x = 0; x < raster.width; x++) {
      if (!raster.mask[y * raster.width + x]) continue;
      const pixel = (box.y + y) * image.columns + box.x + x;
      if (image.samplesPerPixel === 3) for (let s = 0; s < 3; s++) frame[pixel * 3 + s] = value;
      else set(pixel, value);
    }
  }
}

function encoded(dataset, image, frames) {
  dataset.delete(TAG.extendedOffsets);
  dataset.delete(TAG.extendedLengths);
  const value = new Uint8Array((frames.reduce((sum, frame) => sum + frame.length, 0) + 1) & ~1);
  let offset = 0;
  for (const frame of frames) {
    value.set(frame, offset);
    offset += frame.length;
  }
  dataset.set({ tag: PIXEL_DATA, vr: image.bitsAllocated === 8 ? 'OB' : 'OW', value });
  return concatChunks(writeDicom(dataset, { transferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN, implementationClassUID: '2.25.1144', implementationVersionName: 'BURNEDIN_TEST' }));
}

async function build(spec, withText) {
  const file = parseDicom(await readFile(join(corpus, spec.source)));
  const { dataset } = file;
  const decoded = await decodeFrames(dataset, file.transferSyntaxUID, describeImage(dataset), spec.source);
  if (decoded.image.photometric !== describeImage(dataset).photometric) setString(dataset, TAG.photometric, 'CS', decoded.image.photometric);
  const { image, frames } = convert(spec.convert, dataset, decoded.image, decoded.frames.map((frame) => frame.slice()));
  const boxes = [];
  if (withText) {
    for (const text of spec.texts) {
      const raster = turn(rasterise(text.text, text.size, text.bold), text.turn ?? 0);
      const box = { ...place(text.at, raster, image), width: raster.width, height: raster.height };
      const [value] = ink(text.colour, image, frames);
      const targets = text.frames ?? frames.map((_, index) => index + 1);
      for (const number of targets) plant(frames[number - 1], image, raster, box, value);
      for (const word of text.text.split(' ')) boxes.push({ word, frames: targets, turn: text.turn ?? 0, size: text.size, colour: text.colour });
      boxes.push({ box, text: text.text, frames: targets });
    }
  }
  if (spec.as) {
    setString(dataset, TAG.modality, 'CS', spec.as.modality);
    setString(dataset, TAG.sopClassUID, 'UI', spec.as.sopClassUID);
  }
  if (spec.header === 'NO') setString(dataset, TAG.burnedIn, 'CS', 'NO');
  else dataset.delete(TAG.burnedIn);
  setString(dataset, TAG.sopInstanceUID, 'UI', uid(`${spec.name}/${withText ? 'text' : 'control'}`));
  // Some sources have no Patient ID, which the engine refuses; the synthetic patient is the case.
  setString(dataset, TAG.patientId, 'LO', `BURNEDIN-${spec.name.toUpperCase()}`);
  return { bytes: encoded(dataset, image, frames), boxes, image };
}

/** Writes every case and its control into `outDir`, and truth.json; returns the truth. */
export async function generateBurnedInCorpus(outDir, cases = CASES) {
  await mkdir(outDir, { recursive: true });
  const truth = [];
  for (const spec of cases) {
    const planted = await build(spec, true);
    const control = await build(spec, false);
    await writeFile(join(outDir, `${spec.name}.dcm`), planted.bytes);
    await writeFile(join(outDir, `${spec.name}-control.dcm`), control.bytes);
    truth.push({
      name: spec.name,
      source: spec.source,
      file: `${spec.name}.dcm`,
      control: `${spec.name}-control.dcm`,
      rows: planted.image.rows,
      columns: planted.image.columns,
      frames: planted.image.frames,
      texts: planted.boxes.filter((entry) => entry.box),
      words: planted.boxes.filter((entry) => entry.word),
    });
  }
  await writeFile(join(outDir, 'truth.json'), JSON.stringify(truth, null, 2) + '\n');
  return truth;
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node tools/burned-in-corpus/generate.mjs <out-dir>');
    process.exit(2);
  }
  const truth = await generateBurnedInCorpus(out);
  console.log(`${truth.length} images with text and ${truth.length} controls written to ${out}`);
}
