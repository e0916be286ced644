import { concatChunks } from '@deid-share/dicom';
import { builtinProfileIds, loadProfile, parseProfile, ProfileError } from '@deid-share/engine';
import { expectOk, testEngine } from './support/engine.js';
import { ctInstance, fileOf } from './support/instance.js';

const PHI = ['Doe', 'MRN-12345', 'ACC-777', 'House', '19650412', 'HOSPITAL-A'];

describe('built-in profiles', () => {
  test('ship every preset the projects need', () => {
    expect(builtinProfileIds()).toEqual(
      expect.arrayContaining(['ps3.15-basic', 'tcia', 'health-ri-strict', 'eucanimage', 'procancer-i', 'chaimeleon', 'chaimeleon-ecrf', 'primage', 'incisive']),
    );
  });

  test.each(builtinProfileIds())('%s validates and de-identifies a CT instance without leaking identifiers', async (id) => {
    const { engine, close } = await testEngine({ profile: id });
    const result = expectOk(await engine.deidentify(fileOf(ctInstance())));
    await close();
    const text = new TextDecoder('latin1').decode(concatChunks(result.output));
    for (const phi of PHI) expect(text).not.toContain(phi);
    expect(loadProfile(id).sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('profile validation', () => {
  const valid = {
    id: 'p', version: '1.0.0', title: 't', description: 'd', basis: 'b', options: [],
    pseudonym: { scheme: 'keyed-hash' }, dates: { cleaning: 'shift', shiftDays: { min: -10, max: -1 }, times: 'keep', birthDate: 'table' },
  };
  const check = (profile: object) => () => parseProfile(JSON.stringify(profile), 'my-profile.json');

  test('accepts a minimal profile', () => {
    expect(check(valid)).not.toThrow();
  });

  test.each([
    [{ ...valid, options: ['retain-everything'] }, /options/],
    [{ ...valid, options: ['retain-longitudinal-full-dates', 'retain-longitudinal-modified-dates'] }, /exclude each other/],
    [{ ...valid, dates: { cleaning: 'shift', times: 'keep', birthDate: 'table' } }, /shiftDays/],
    [{ ...valid, dates: { ...valid.dates, shiftDays: { min: 5, max: 1 } } }, /empty/],
    [{ ...valid, secondStage: { title: 'w', keep: ['NotAKeyword'] } }, /NotAKeyword/],
    [{ ...valid, pseudonym: { scheme: 'plaintext' } }, /pseudonym/],
  ])('refuses a broken profile with a reason naming the file', (profile, reason) => {
    expect(check(profile)).toThrow(ProfileError);
    expect(check(profile)).toThrow(/my-profile\.json/);
    expect(check(profile)).toThrow(reason);
  });

  test('refuses text that is not JSON', () => {
    expect(() => parseProfile('{ not json', 'broken.json')).toThrow(/broken\.json.*not valid JSON/);
  });
});
