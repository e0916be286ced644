// The sample studies: pydicom's dicomdirtests (public test data, see test/corpus/SOURCES.md), three patients with
// CR, CT and MR studies of 2 to 11 instances each. The engine accepts every instance under the tcia and
// eucanimage profiles (checked when this list was made; the demo's share reports any that it would not).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DICOMDIR_TESTS = fileURLToPath(new URL('../../test/corpus/pydicom/src/pydicom/data/test_files/dicomdirtests/', import.meta.url));

/** Patient folders (one DICOM file per instance, nothing else in them). */
export const SAMPLE_FOLDERS = ['77654033', '98892001', '98892003'].map((name) => join(DICOMDIR_TESTS, name));

/** The study the demo shares on request: "CT, HEAD/BRAIN WO CONTRAST" of Doe^Archibald, 4 instances. */
export const SHARED_ON_REQUEST = {
  studyInstanceUID: '1.3.6.1.4.1.5962.1.1.0.0.0.1196530851.28319.0.1',
  description: 'CT, HEAD/BRAIN WO CONTRAST',
};

async function filesUnder(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath ?? entry.path, entry.name)).sort();
}

/** Uploads every sample instance to an Orthanc (an OrthancClient); returns the number of instances. */
export async function loadSamples(orthanc) {
  let count = 0;
  for (const folder of SAMPLE_FOLDERS) {
    for (const file of await filesUnder(folder)) {
      await orthanc.uploadInstance(await readFile(file));
      count += 1;
    }
  }
  return count;
}
