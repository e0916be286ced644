// Deterministic synthetic CT series for the benchmark: a realistic identifying header (patient, dates, UIDs,
// institution, physicians, a nested sequence, private tags under a creator, CT attributes) and 16-bit pixel data
// with a non-trivial pattern, written with writeDicom from @deid-share/dicom in explicit VR little endian.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DataSet,
  encodeAscii,
  EXPLICIT_VR_LITTLE_ENDIAN,
  lookupTag,
  makeTag,
  tagForKeyword,
  writeDicom,
  concatChunks,
} from '@deid-share/dicom';

export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';

/** The identifiers a de-identified output must not contain. */
export const ORIGINAL = {
  patientName: 'BENCHMARKOVA^JANA^MARIE^^',
  patientId: 'PID-7731-55-BENCH',
  birthDate: '19580314',
  institution: 'Fakultni nemocnice Benchmark',
};

/** xorshift32: small, fast, seeded. */
export function prng(seed) {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

function uidFrom(next) {
  // 2.25.<decimal of a 96-bit number>: a UUID-derived style root without a registered org root.
  let value = 0n;
  for (let i = 0; i < 3; i++) value = (value << 32n) | BigInt(next());
  return `2.25.${value + 1n}`;
}

function tagOf(keyword) {
  const tag = tagForKeyword(keyword);
  if (tag === undefined) throw new Error(`no dictionary keyword ${keyword}`);
  return tag;
}

function vrOf(tag) {
  return lookupTag(tag).vrText.split(' or ')[0].trim();
}

function text(dataset, keyword, value, vr) {
  const tag = tagOf(keyword);
  const chosen = vr ?? vrOf(tag);
  dataset.set({ tag, vr: chosen, value: encodeAscii(value, chosen) });
}

function uint16(dataset, keyword, value) {
  const bytes = new Uint8Array(2);
  new DataView(bytes.buffer).setUint16(0, value, true);
  dataset.set({ tag: tagOf(keyword), vr: 'US', value: bytes });
}

function sequence(dataset, keyword, items) {
  dataset.set({ tag: tagOf(keyword), vr: 'SQ', value: new Uint8Array(0), items });
}

function item(build) {
  const dataset = new DataSet();
  build(dataset);
  return dataset;
}

function privateElement(dataset, group, element, vr, value) {
  dataset.set({ tag: makeTag(group, element), vr, value });
}

function int32(value) {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setInt32(0, value, true);
  return bytes;
}

/** One slice of a phantom: body ellipse, bone ring, a few organs moving through z, and seeded noise. */
function pixels(rows, columns, slice, slices, next) {
  const out = new Int16Array(rows * columns);
  const z = slice / slices;
  const organs = [
    { x: 180 + 40 * Math.sin(z * 6), y: 230, r: 50 + 20 * Math.sin(z * 3.1), hu: 60 },
    { x: 330, y: 250 + 30 * Math.cos(z * 4), r: 40 + 25 * Math.cos(z * 2.3), hu: 40 },
    { x: 256, y: 340, r: 18, hu: 300 },
  ];
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const dx = (x - 256) / 210;
      const dy = (y - 256) / 170;
      const d = dx * dx + dy * dy;
      let hu = -1000;
      if (d < 1) {
        hu = d > 0.88 ? 700 : 20;
        for (const organ of organs) {
          const ox = x - organ.x;
          const oy = y - organ.y;
          if (ox * ox + oy * oy < organ.r * organ.r) hu = organ.hu;
        }
      }
      const noise = ((next() & 0xff) - 128) >> 3;
      // Stored values with RescaleIntercept -1024, RescaleSlope 1.
      out[y * columns + x] = hu + 1024 + noise;
    }
  }
  return new Uint8Array(out.buffer);
}

/**
 * Writes `slices` CT instances of `rows`×`columns` 16-bit pixels into `dir`; returns the file paths and the byte total.
 * Everything is derived from `seed`, so two runs produce identical files.
 */
export async function generateSeries(dir, { slices = 300, rows = 512, columns = 512, seed = 20240611 } = {}) {
  await mkdir(dir, { recursive: true });
  const next = prng(seed);
  const studyUID = uidFrom(next);
  const seriesUID = uidFrom(next);
  const frameOfReferenceUID = uidFrom(next);
  const files = [];
  let bytes = 0;
  for (let i = 0; i < slices; i++) {
    const ds = new DataSet();
    const sliceLocation = (-150 + i * 1.25).toFixed(2);
    text(ds, 'SpecificCharacterSet', 'ISO_IR 100');
    text(ds, 'ImageType', 'ORIGINAL\\PRIMARY\\AXIAL');
    text(ds, 'InstanceCreationDate', '20240611');
    text(ds, 'InstanceCreationTime', '101502.123');
    text(ds, 'SOPClassUID', CT_IMAGE_STORAGE);
    text(ds, 'SOPInstanceUID', uidFrom(next));
    text(ds, 'StudyDate', '20240611');
    text(ds, 'SeriesDate', '20240611');
    text(ds, 'AcquisitionDate', '20240611');
    text(ds, 'ContentDate', '20240611');
    text(ds, 'StudyTime', '100312');
    text(ds, 'SeriesTime', '101044');
    text(ds, 'AcquisitionTime', `1011${String(10 + (i % 50)).padStart(2, '0')}.250`);
    text(ds, 'ContentTime', '101502');
    text(ds, 'AccessionNumber', 'ACC20240611-0042');
    text(ds, 'Modality', 'CT');
    text(ds, 'Manufacturer', 'GE MEDICAL SYSTEMS');
    text(ds, 'InstitutionName', ORIGINAL.institution);
    text(ds, 'InstitutionAddress', 'Vidensk 1, 150 06 Praha 5');
    text(ds, 'ReferringPhysicianName', 'NOVAK^PETR^^MUDr.');
    text(ds, 'StationName', 'CTROOM2');
    text(ds, 'StudyDescription', 'CT CHEST ABDOMEN PELVIS W CONTRAST');
    text(ds, 'SeriesDescription', 'AX 1.25 SOFT TISSUE');
    text(ds, 'InstitutionalDepartmentName', 'Radiology');
    text(ds, 'PhysiciansOfRecord', 'SVOBODA^KAREL');
    text(ds, 'PerformingPhysicianName', 'DVORAKOVA^EVA');
    text(ds, 'OperatorsName', 'TECH^ANNA');
    text(ds, 'ManufacturerModelName', 'Revolution CT');
    sequence(ds, 'ProcedureCodeSequence', [
      item((it) => {
        text(it, 'CodeValue', 'RPID16');
        text(it, 'CodingSchemeDesignator', 'RADLEX');
        text(it, 'CodeMeaning', 'CT CHEST ABDOMEN PELVIS WITH IV CONTRAST');
      }),
    ]);
    sequence(ds, 'RequestAttributesSequence', [
      item((it) => {
        text(it, 'RequestedProcedureDescription', 'CT CAP staging, requested by NOVAK');
        text(it, 'ScheduledProcedureStepID', 'SPS-99812');
        text(it, 'RequestedProcedureID', 'RP-55310');
        sequence(it, 'ScheduledProtocolCodeSequence', [
          item((inner) => {
            text(inner, 'CodeValue', 'CTCAP');
            text(inner, 'CodingSchemeDesignator', '99LOCAL');
            text(inner, 'CodeMeaning', 'Chest abdomen pelvis');
          }),
        ]);
      }),
    ]);
    text(ds, 'PatientName', ORIGINAL.patientName);
    text(ds, 'PatientID', ORIGINAL.patientId);
    text(ds, 'IssuerOfPatientID', 'FNB');
    text(ds, 'PatientBirthDate', ORIGINAL.birthDate);
    text(ds, 'PatientSex', 'F');
    text(ds, 'PatientAge', '066Y');
    text(ds, 'PatientSize', '1.64');
    text(ds, 'PatientWeight', '71.5');
    text(ds, 'PatientAddress', 'Benchmarkova 12, Praha');
    text(ds, 'PatientComments', 'Follow-up of lesion seen 2023, see report of Dr NOVAK');
    // Private tags: creator blocks in groups 0009 and 0019.
    privateElement(ds, 0x0009, 0x0010, 'LO', encodeAscii('GEMS_IDEN_01', 'LO'));
    privateElement(ds, 0x0009, 0x1001, 'LO', encodeAscii('CT_LIGHTSPEED', 'LO'));
    privateElement(ds, 0x0009, 0x1002, 'SH', encodeAscii('CTROOM2', 'SH'));
    privateElement(ds, 0x0009, 0x1004, 'SH', encodeAscii('Revolution', 'SH'));
    privateElement(ds, 0x0019, 0x0010, 'LO', encodeAscii('GEMS_ACQU_01', 'LO'));
    privateElement(ds, 0x0019, 0x1002, 'SL', int32(912));
    privateElement(ds, 0x0019, 0x1003, 'DS', encodeAscii('3155.5', 'DS'));
    privateElement(ds, 0x0019, 0x1018, 'LO', encodeAscii('HELICAL', 'LO'));
    text(ds, 'BodyPartExamined', 'CHEST');
    text(ds, 'ScanOptions', 'HELICAL MODE');
    text(ds, 'SliceThickness', '1.25');
    text(ds, 'KVP', '120');
    text(ds, 'DataCollectionDiameter', '500');
    text(ds, 'DeviceSerialNumber', 'SN-000231');
    text(ds, 'SoftwareVersions', 'revo_ct_22.10');
    text(ds, 'ProtocolName', '5.1 CAP ROUTINE');
    text(ds, 'ReconstructionDiameter', '380');
    text(ds, 'DistanceSourceToDetector', '1085.6');
    text(ds, 'DistanceSourceToPatient', '625.6');
    text(ds, 'GantryDetectorTilt', '0');
    text(ds, 'TableHeight', '158');
    text(ds, 'RotationDirection', 'CW');
    text(ds, 'ExposureTime', '500');
    text(ds, 'XRayTubeCurrent', '280');
    text(ds, 'Exposure', '140');
    text(ds, 'FilterType', 'BODY FILTER');
    text(ds, 'ConvolutionKernel', 'STANDARD');
    text(ds, 'PatientPosition', 'FFS');
    text(ds, 'StudyInstanceUID', studyUID);
    text(ds, 'SeriesInstanceUID', seriesUID);
    text(ds, 'StudyID', '4411');
    text(ds, 'SeriesNumber', '3');
    text(ds, 'AcquisitionNumber', '1');
    text(ds, 'InstanceNumber', String(i + 1));
    text(ds, 'ImagePositionPatient', `-190\\-190\\${sliceLocation}`);
    text(ds, 'ImageOrientationPatient', '1\\0\\0\\0\\1\\0');
    text(ds, 'FrameOfReferenceUID', frameOfReferenceUID);
    text(ds, 'PositionReferenceIndicator', 'SN');
    text(ds, 'SliceLocation', sliceLocation);
    uint16(ds, 'SamplesPerPixel', 1);
    text(ds, 'PhotometricInterpretation', 'MONOCHROME2');
    uint16(ds, 'Rows', rows);
    uint16(ds, 'Columns', columns);
    text(ds, 'PixelSpacing', '0.742188\\0.742188');
    uint16(ds, 'BitsAllocated', 16);
    uint16(ds, 'BitsStored', 16);
    uint16(ds, 'HighBit', 15);
    uint16(ds, 'PixelRepresentation', 1);
    text(ds, 'WindowCenter', '40');
    text(ds, 'WindowWidth', '400');
    text(ds, 'RescaleIntercept', '-1024');
    text(ds, 'RescaleSlope', '1');
    text(ds, 'RescaleType', 'HU');
    ds.set({ tag: tagOf('PixelData'), vr: 'OW', value: pixels(rows, columns, i, slices, next) });

    const file = concatChunks(
      writeDicom(ds, {
        transferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
        implementationClassUID: '1.2.826.0.1.3680043.10.1234.1',
        implementationVersionName: 'BENCH_GEN',
      }),
    );
    const path = join(dir, `CT${String(i + 1).padStart(4, '0')}.dcm`);
    await writeFile(path, file);
    files.push(path);
    bytes += file.length;
  }
  return { files, bytes, studyUID, seriesUID };
}

// Run as a script (`node bench/generate-series.mjs <dir> [slices]`), it prints the summary as JSON; the benchmark uses
// this so the generator's allocations never count towards the engine's memory figures.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [dir, slices] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node bench/generate-series.mjs <dir> [slices]');
    process.exit(2);
  }
  const { files, bytes } = await generateSeries(dir, slices ? { slices: Number(slices) } : {});
  console.log(JSON.stringify({ count: files.length, bytes }));
}
