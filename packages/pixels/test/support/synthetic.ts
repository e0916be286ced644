import { DataSet, dictionaryVR, EXPLICIT_VR_LITTLE_ENDIAN, makeTag, PIXEL_DATA, setString, type DicomFile, type Tag } from '@deid-share/dicom';

export function setUint16(dataset: DataSet, tag: Tag, value: number): void {
  dataset.set({ tag, vr: 'US', value: Uint8Array.of(value & 0xff, value >> 8) });
}

/** Sets an attribute from text the way a header would hold it: binary for US, padded text otherwise. */
export function setAttribute(dataset: DataSet, tag: Tag, text: string): void {
  const vr = dictionaryVR(tag);
  if (vr === 'US' || vr === 'SS') setUint16(dataset, tag, Number(text));
  else setString(dataset, tag, vr === 'UN' ? 'LO' : vr, text);
}

export interface SyntheticImage {
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel?: 1 | 3;
  readonly bitsAllocated?: 8 | 16;
  readonly photometric?: string;
  readonly planarConfiguration?: 0 | 1;
  readonly frames?: number;
  readonly signed?: boolean;
}

/** A native image whose every sample is non-zero and differs from its neighbours: masking shows as exact zeros. */
export function syntheticImage(spec: SyntheticImage): DicomFile {
  const { rows, columns, samplesPerPixel = 1, bitsAllocated = 8, frames = 1 } = spec;
  const dataset = new DataSet();
  setString(dataset, makeTag(0x0008, 0x0016), 'UI', '1.2.840.10008.5.1.4.1.1.7');
  setString(dataset, makeTag(0x0008, 0x0018), 'UI', '2.25.1');
  setUint16(dataset, makeTag(0x0028, 0x0002), samplesPerPixel);
  setString(dataset, makeTag(0x0028, 0x0004), 'CS', spec.photometric ?? (samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2'));
  if (samplesPerPixel === 3) setUint16(dataset, makeTag(0x0028, 0x0006), spec.planarConfiguration ?? 0);
  if (frames > 1) setString(dataset, makeTag(0x0028, 0x0008), 'IS', String(frames));
  setUint16(dataset, makeTag(0x0028, 0x0010), rows);
  setUint16(dataset, makeTag(0x0028, 0x0011), columns);
  setUint16(dataset, makeTag(0x0028, 0x0100), bitsAllocated);
  setUint16(dataset, makeTag(0x0028, 0x0101), bitsAllocated === 8 ? 8 : 12);
  setUint16(dataset, makeTag(0x0028, 0x0102), bitsAllocated === 8 ? 7 : 11);
  setUint16(dataset, makeTag(0x0028, 0x0103), spec.signed ? 1 : 0);
  const samples = rows * columns * samplesPerPixel * frames;
  const pixels = new Uint8Array(samples * (bitsAllocated / 8));
  for (let i = 0; i < samples; i++) {
    const value = 1 + ((i * 7919) % (bitsAllocated === 8 ? 254 : 2000));
    pixels[i * (bitsAllocated / 8)] = value & 0xff;
    if (bitsAllocated === 16) pixels[i * 2 + 1] = value >> 8;
  }
  dataset.set({ tag: PIXEL_DATA, vr: bitsAllocated === 8 ? 'OB' : 'OW', value: pixels });
  return { meta: new DataSet(), dataset, transferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN };
}
