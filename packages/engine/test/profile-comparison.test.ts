import { CONFIDENTIALITY_TABLE } from '../src/generated/confidentiality-table.js';
import { compareProfiles, loadProfile, type Profile } from '@deid-share/engine';

const preset = (id: string): Profile => loadProfile(id).profile;
const variant = (base: Profile, changes: Partial<Profile>): Profile => ({ ...base, ...changes });
const row = (comparison: ReturnType<typeof compareProfiles>, tag: string) => comparison.attributes.find((attribute) => attribute.tag === tag);

describe('profile comparison (AI4HI tables) from the action tables', () => {
  const basic = preset('ps3.15-basic');

  test('one row per Table E.1-1 row, private attributes as one row, with the effective action per profile', () => {
    const comparison = compareProfiles([basic, preset('tcia')]);
    expect(comparison.attributes).toHaveLength(CONFIDENTIALITY_TABLE.length);
    expect(row(comparison, '(0010,1010)')).toEqual({ tag: '(0010,1010)', name: "Patient's Age", actions: ['X', 'K'] });
    expect(row(comparison, '(gggg,eeee) odd gggg')?.actions).toEqual(['X', 'C']);
    expect(row(comparison, '(60xx,3000)')?.actions).toEqual(['X', 'X']);
  });

  test('counts what each profile modifies and what only it modifies; the retain option shows as a difference', () => {
    const keepsAge = variant(basic, { id: 'keeps-characteristics', options: ['retain-patient-characteristics'] });
    const comparison = compareProfiles([basic, keepsAge]);
    const retained = CONFIDENTIALITY_TABLE.filter((entry) => entry.options['retain-patient-characteristics'] === 'K').length;
    const [basicCounts, keepsCounts] = comparison.counts;
    expect(basicCounts).toEqual({ id: 'ps3.15-basic', modified: CONFIDENTIALITY_TABLE.length, modifiedOnlyByIt: retained });
    expect(keepsCounts).toEqual({ id: 'keeps-characteristics', modified: CONFIDENTIALITY_TABLE.length - retained, modifiedOnlyByIt: 0 });
    expect(comparison.modifiedByAll).toHaveLength(CONFIDENTIALITY_TABLE.length - retained);
    expect(comparison.treatedDifferently.map((attribute) => attribute.tag)).toContain('(0010,1010)');
  });

  test('overrides count, and an override on an attribute the table does not list adds a row', () => {
    const overriding = variant(basic, {
      id: 'overriding',
      overrides: [
        { tag: '(0008,1030)', action: 'K', reason: 'keep study description' },
        { tag: '(0018,0015)', action: 'X', reason: 'remove body part examined' },
      ],
    });
    const comparison = compareProfiles([basic, overriding]);
    expect(row(comparison, '(0008,1030)')?.actions).toEqual(['X', 'K']);
    expect(row(comparison, '(0018,0015)')).toEqual({ tag: '(0018,0015)', name: 'BodyPartExamined', actions: ['K', 'X'] });
  });

  test('a second-stage whitelist counts as removing every row it does not keep', () => {
    const strict = preset('health-ri-strict');
    const comparison = compareProfiles([strict]);
    expect(row(comparison, '(0008,0020)')?.actions).toEqual(['C']); // Study Date: whitelisted, the current date by override
    expect(row(comparison, '(0008,103E)')?.actions).toEqual(['C']); // Series Description: whitelisted, cleaned by override
    expect(row(comparison, '(0008,1030)')?.actions).toEqual(['X']); // Study Description: not whitelisted
    expect(comparison.counts[0]!.modified).toBe(CONFIDENTIALITY_TABLE.length);
  });
});

describe('the AI4HI basis: Modify or Keep over the whole dictionary (000_a616b3b2c86e6d80.txt:227-233)', () => {
  test('shifted dates are Modify, a cleaned description that survives is Keep, a UID remapped is Modify', () => {
    const comparison = compareProfiles([preset('tcia')], 'modify-keep');
    expect(row(comparison, '(0008,0020)')?.actions).toEqual(['M']); // Study Date, shifted
    expect(row(comparison, '(0008,1030)')?.actions).toEqual(['K']); // Study Description, cleaned by clean-descriptors
    expect(row(comparison, '(0020,000D)')?.actions).toEqual(['M']); // Study Instance UID, remapped
    expect(row(comparison, '(0008,0030)')?.actions).toEqual(['K']); // Study Time, kept by the profile's time policy
  });

  test('rows cover the dictionary, so a whitelist removing what the table never lists shows as Modify only for it', () => {
    const comparison = compareProfiles([preset('eucanimage'), preset('procancer-i')], 'modify-keep');
    expect(comparison.attributes.length).toBeGreaterThan(4000);
    expect(row(comparison, '(0018,0060)')?.actions).toEqual(['K', 'M']); // KVP: not in Table E.1-1, not whitelisted
    const [eucanimage, procancer] = comparison.counts;
    expect(procancer!.modifiedOnlyByIt).toBeGreaterThan(1000);
    expect(eucanimage!.modifiedOnlyByIt).toBe(0);
  });
});
