import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusRoot } from './corpus.js';
import { dciodvfyFindings, dcmdumpReads, newErrors } from './dicom-tools.js';

const pydicomFile = (name: string): string => join(corpusRoot(), 'pydicom/src/pydicom/data/test_files', name);
const GOOD = pydicomFile('CT_small.dcm');
const TRUNCATED = pydicomFile('MR_truncated.dcm');

describe('dcmdumpReads', () => {
  it('accepts a well-formed file', () => {
    expect(dcmdumpReads(GOOD)).toEqual({ ok: true, errors: [] });
  });

  it('rejects a truncated file and says why', () => {
    const result = dcmdumpReads(TRUNCATED);
    expect(result.ok).toBe(false);
    expect(result.errors.join('\n')).toMatch(/PixelData \(7fe0,0010\) larger \(8192\) than remaining bytes/);
  });

  it('rejects a data set whose encoding contradicts its File Meta (implicit VR under an explicit VR syntax)', () => {
    expect(dcmdumpReads(pydicomFile('SC_rgb_jpeg.dcm')).ok).toBe(false);
  });

  it('tolerates an undefined-length private sequence encoded as UN (CP-246), a common vendor quirk', () => {
    expect(dcmdumpReads(pydicomFile('UN_sequence.dcm'))).toEqual({ ok: true, errors: [] });
  });

  it('reports a crash of dcmdump as an error', () => {
    const result = dcmdumpReads(join(corpusRoot(), 'orthanc-tests/Database/2026-05-06-Deeply-Nested-Sequence.dcm'));
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([expect.stringMatching(/^dcmdump terminated by SIG/)]);
  });
});

describe('dciodvfyFindings', () => {
  it('finds no errors in a conformant CT image, only warnings', () => {
    const findings = dciodvfyFindings(GOOD);
    expect(findings.errors).toEqual([]);
    expect(findings.warnings).toContain('</PatientWeight(0010,1030)[1]> - Value is zero');
  });

  it('reports that a truncated file could not be read', () => {
    expect(dciodvfyFindings(TRUNCATED).errors).toEqual(
      expect.arrayContaining(['Seek failed - while reading unencapsulated Pixel Data', 'Dicom dataset read failed']),
    );
  });

  it('replaces quoted values and invalid characters, keeping the path and the message', () => {
    expect(dciodvfyFindings(pydicomFile('ExplVR_BigEnd.dcm')).errors).toContain(
      "</StudyDate(0008,0020)[1]> - Value invalid for this VR [DA] = <…> - Character invalid for this VR = '…'",
    );
  });

  it('keeps a value printed over many lines (XML in a private UT) inside its finding', () => {
    const findings = dciodvfyFindings(pydicomFile('examples_ybr_color.dcm'));
    const sonosite = findings.errors.filter((error) => error.includes('SonoSite Private Data'));
    expect(sonosite).toEqual([
      '</(0019,1060,"SonoSite Private Data")[1]> - Value invalid for this VR [UT] = <…> - Character invalid for this VR = \'…\'',
      '</(0019,1060,"SonoSite Private Data")[1]> - Value invalid for this VR [UT] = <…> - Character invalid for this VR = \'…\'',
    ]);
    expect([...findings.errors, ...findings.warnings].join('\n')).not.toContain('xsd:');
  });
});

describe('newErrors', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'dicom-tools-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('ignores changed values and lengths, and reports what a change broke (gdcmanon as the de-identifier)', () => {
    const original = pydicomFile('ExplVR_BigEnd.dcm');
    const changed = join(workDir, 'changed.dcm');
    // Another malformed date keeps the existing error with a new value; removing Modality breaks the IOD.
    execFileSync('gdcmanon', ['--dumb', '--replace', '0008,0020=2001.02.03', '--remove', '0008,0060', '-i', original, '-o', changed]);
    const before = dciodvfyFindings(original);
    const after = dciodvfyFindings(changed);
    expect(newErrors(before, after)).toEqual(['</Modality(0008,0060)> - Missing attribute for Type 1C Conditional - Module=<GeneralSeries>']);
    expect(after.warnings).toContain('Bad group length - Group 0x8 specified as 0x… actually 0x…');
  });

  it('counts repeated errors: one more of the same error is new', () => {
    const before = { errors: ['A', 'B'], warnings: [] };
    const after = { errors: ['B', 'A', 'A'], warnings: ['W'] };
    expect(newErrors(before, after)).toEqual(['A']);
    expect(newErrors(after, before)).toEqual([]);
  });
});
