import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import { openStateStore } from '@deid-share/state';

import type { Pseudonymizer, PseudonymSchemeConfig, PseudonymStore } from '../src/pseudonyms/index.js';
import { createPseudonymizer, linkedPseudonymsOfSubject, reidentifyPseudonym } from '../src/pseudonyms/index.js';

const SECRET = new Uint8Array(Buffer.from('7f'.repeat(32), 'hex'));
const OTHER_SECRET = new Uint8Array(Buffer.from('a5'.repeat(32), 'hex'));
const SITE = 'SITE01';

let dir: string;
let statePath: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'deid-pseudonyms-'));
  statePath = join(dir, 'state.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const patient = (patientId: string, issuer = 'HOSP') => ({ issuer, patientId });
const mrns = (count: number) => Array.from({ length: count }, (_, i) => `MRN${i}`);

/** Opens the state file, hands over its pseudonym store, closes it again. */
async function withStore<T>(work: (store: PseudonymStore) => Promise<T>): Promise<T> {
  const state = await openStateStore(statePath);
  try {
    return await work(state.pseudonyms);
  } finally {
    await state.close();
  }
}

/** One run of the tool: a fresh pseudonymizer over the state file. */
function run<T>(
  config: PseudonymSchemeConfig,
  work: (pseudonymizer: Pseudonymizer) => Promise<T>,
  options: { secret?: Uint8Array; siteId?: string } = {},
): Promise<T> {
  return withStore((store) =>
    work(createPseudonymizer(config, { secret: options.secret ?? SECRET, store, siteId: options.siteId ?? SITE })),
  );
}

async function idsInSequence(pseudonymizer: Pseudonymizer, patientIds: string[]): Promise<string[]> {
  const ids = [];
  for (const patientId of patientIds) ids.push((await pseudonymizer.pseudonymFor(patient(patientId))).patientId);
  return ids;
}

/** The real store, except that just before each first link attempt another process links the same pseudonym. */
function anotherProcessWinsFirstLink(store: PseudonymStore): { racing: PseudonymStore; proposed: string[] } {
  const proposed: string[] = [];
  const racing: PseudonymStore = {
    findLinkedPseudonym: (namespace, subjectKey) => store.findLinkedPseudonym(namespace, subjectKey),
    nextCounter: (namespace) => store.nextCounter(namespace),
    listPseudonymsForSubject: (subjectKey) => store.listPseudonymsForSubject(subjectKey),
    findLinksByPseudonym: (pseudonym) => store.findLinksByPseudonym(pseudonym),
    async linkPseudonym(link) {
      proposed.push(link.pseudonym);
      if (proposed.length === 1) await store.linkPseudonym({ ...link, subjectKey: 'other-process' });
      return store.linkPseudonym(link);
    },
  };
  return { racing, proposed };
}

/** Recomputes the documented construction independently of the implementation. */
function documentedHmacHex(fields: string[]): string {
  const encoded = fields.flatMap((field) => {
    const bytes = Buffer.from(field, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return [length, bytes];
  });
  return createHmac('sha512-256', SECRET).update(Buffer.concat(encoded)).digest('hex');
}

const PERSISTENT_SCHEMES: PseudonymSchemeConfig[] = [
  { scheme: 'keyed-hash' },
  { scheme: 'keyed-hash', encoding: 'base32', prefix: 'ECI' },
  { scheme: 'site-prefixed-hash', prefix: 'PCa' },
  { scheme: 'random-linked', prefix: 'PRI' },
  { scheme: 'template', template: '{site}-{seq:04}' },
  { scheme: 'template', template: '{prefix}{seq:06}-{hash:6}', prefix: 'INC' },
];

describe.each(PERSISTENT_SCHEMES)('scheme %o', (config) => {
  it('gives a patient the same pseudonym in a later run (state file closed and reopened)', async () => {
    const pseudonymise = (pseudonymizer: Pseudonymizer) =>
      Promise.all(mrns(20).map((mrn) => pseudonymizer.pseudonymFor(patient(mrn))));
    const first = await run(config, pseudonymise);
    expect(await run(config, pseudonymise)).toEqual(first);
  });

  it('gives 2,000 different patients 2,000 different pseudonyms that fit LO and PN', async () => {
    const pairs = await run(config, async (pseudonymizer) => {
      const result = [];
      for (const mrn of mrns(2000)) result.push(await pseudonymizer.pseudonymFor(patient(mrn)));
      return result;
    });
    expect(new Set(pairs.map((pair) => pair.patientId)).size).toBe(2000);
    for (const { patientId, patientName } of pairs) {
      expect(patientId).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
      expect(patientName).toBe(patientId);
    }
  });

  it('treats the same patient ID from another issuer as another patient', async () => {
    const [a, b] = await run(config, (pseudonymizer) =>
      Promise.all([pseudonymizer.pseudonymFor(patient('123', 'HOSP-A')), pseudonymizer.pseudonymFor(patient('123', 'HOSP-B'))]),
    );
    expect(a?.patientId).not.toBe(b?.patientId);
  });

  it('ignores DICOM padding around the patient ID; without one, refuses unless a study stands for the patient', async () => {
    await run(config, async (pseudonymizer) => {
      expect(await pseudonymizer.pseudonymFor(patient(' 123 ', 'HOSP '))).toEqual(await pseudonymizer.pseudonymFor(patient('123')));
      await expect(pseudonymizer.pseudonymFor(patient('  '))).rejects.toThrow(/empty PatientID and no Study, Series or SOP Instance UID/);
    });
  });

  it('gives each study of an unknown patient its own pseudonym, the same again for that study, unlike any real patient', async () => {
    const unknown = (study: string, issuer = 'HOSP') => ({ issuer, patientId: '', unknownPatientKey: study });
    const [first, again, otherIssuer, otherStudy, real] = await run(config, async (pseudonymizer) => [
      await pseudonymizer.pseudonymFor(unknown('1.2.3.4')),
      await pseudonymizer.pseudonymFor(unknown('1.2.3.4')),
      await pseudonymizer.pseudonymFor(unknown('1.2.3.4', 'ELSEWHERE')),
      await pseudonymizer.pseudonymFor(unknown('1.2.3.5')),
      // A real patient whose ID happens to be the study's UID is still another patient.
      await pseudonymizer.pseudonymFor(patient('1.2.3.4', '')),
    ]);
    expect(again).toEqual(first);
    expect(otherIssuer).toEqual(first);
    expect(new Set([first, otherStudy, real].map((pair) => pair!.patientId)).size).toBe(3);
  });

  it('supports erasure', async () => {
    expect(await run(config, async (pseudonymizer) => pseudonymizer.supportsErasure)).toBe(true);
  });
});

describe('hash schemes', () => {
  const hashOf = (config: PseudonymSchemeConfig, subject = patient('MRN1'), siteId?: string) =>
    createPseudonymizer(config, { secret: SECRET, siteId }).pseudonymFor(subject);

  it('keyed-hash is HMAC-SHA-512/256 over length-prefixed purpose, issuer, patient ID; 128 bits of hex', async () => {
    const expected = documentedHmacHex(['deid-share/keyed-hash/v1', 'HOSP', 'MRN1']).slice(0, 32);
    expect(await hashOf({ scheme: 'keyed-hash' })).toEqual({ patientId: expected, patientName: expected });
  });

  it('site-prefixed-hash is prefix + hash over site, issuer and patient ID', async () => {
    const config: PseudonymSchemeConfig = { scheme: 'site-prefixed-hash', prefix: 'PCa', length: 40 };
    const { patientId } = await hashOf(config, patient('MRN1'), SITE);
    const expected = documentedHmacHex(['deid-share/site-prefixed-hash/v1', SITE, 'HOSP', 'MRN1']).slice(0, 40);
    expect(patientId).toBe(`PCa${expected}`);
    expect((await hashOf(config, patient('MRN1'), 'SITE02')).patientId).not.toBe(patientId);
  });

  it('cannot be confused by moving characters between issuer and patient ID', async () => {
    const config: PseudonymSchemeConfig = { scheme: 'keyed-hash' };
    expect((await hashOf(config, patient('C', 'AB'))).patientId).not.toBe((await hashOf(config, patient('BC', 'A'))).patientId);
  });

  it('depends on the secret and writes nothing to the store', async () => {
    await withStore(async (store) => {
      const mine = await createPseudonymizer({ scheme: 'keyed-hash' }, { secret: SECRET, store }).pseudonymFor(patient('MRN1'));
      const theirs = await createPseudonymizer({ scheme: 'keyed-hash' }, { secret: OTHER_SECRET }).pseudonymFor(patient('MRN1'));
      expect(mine.patientId).not.toBe(theirs.patientId);
      expect(await linkedPseudonymsOfSubject(patient('MRN1'), { secret: SECRET, store })).toEqual([]);
    });
  });

  it('base32 output is upper-case RFC 4648 and defaults to 26 characters (130 bits)', async () => {
    expect((await hashOf({ scheme: 'keyed-hash', encoding: 'base32' })).patientId).toMatch(/^[A-Z2-7]{26}$/);
  });

  it('forms PatientName from patientNameFormat', async () => {
    const pair = await hashOf({ scheme: 'keyed-hash', patientNameFormat: 'Anonymous^{id}' });
    expect(pair.patientName).toBe(`Anonymous^${pair.patientId}`);
  });

  it('refuses fewer than 128 bits unless explicitly allowed', () => {
    const create = (config: PseudonymSchemeConfig) => createPseudonymizer(config, { secret: SECRET });
    expect(() => create({ scheme: 'keyed-hash', length: 20 })).toThrow(
      /20 hex characters keep 80 bits, below the 128 bits.*"length" to at least 32.*"allowBelow128Bits": true/,
    );
    expect(() => create({ scheme: 'keyed-hash', encoding: 'base32', length: 25 })).toThrow(/at least 26/);
    expect(create({ scheme: 'keyed-hash', length: 20, allowBelow128Bits: true }).scheme).toBe('keyed-hash');
  });

  it('refuses lengths that do not fit the digest or LO/PN', () => {
    const create = (config: PseudonymSchemeConfig) => () => createPseudonymizer(config, { secret: SECRET });
    expect(create({ scheme: 'keyed-hash', length: 65 })).toThrow(/from 1 to 64/);
    expect(create({ scheme: 'keyed-hash', length: 64, prefix: 'P' })).toThrow(/65 characters is too long: PatientID \(LO\)/);
    expect(create({ scheme: 'keyed-hash', length: 60, patientNameFormat: 'Anon^{id}' })).toThrow(/PatientName of 65/);
    expect(create({ scheme: 'keyed-hash', patientNameFormat: 'A=B' })).toThrow(/patientNameFormat "A=B" may contain only/);
    expect(create({ scheme: 'keyed-hash', prefix: 'P\\' })).toThrow(/prefix "P\\" may contain only/);
  });

  it('site-prefixed-hash needs a prefix and a site', () => {
    expect(() => createPseudonymizer({ scheme: 'site-prefixed-hash', prefix: 'PCa' }, { secret: SECRET })).toThrow(
      /needs this site's code; pass options.siteId/,
    );
    expect(() => createPseudonymizer({ scheme: 'site-prefixed-hash', prefix: '' }, { secret: SECRET, siteId: SITE })).toThrow(
      /needs a "prefix"/,
    );
  });
});

describe('random-linked', () => {
  it('draws from the configured alphabet and length', async () => {
    const config: PseudonymSchemeConfig = { scheme: 'random-linked', prefix: 'X-', alphabet: 'ab', length: 40 };
    expect(await run(config, (pseudonymizer) => idsInSequence(pseudonymizer, ['1']))).toEqual([
      expect.stringMatching(/^X-[ab]{40}$/),
    ]);
  });

  it('draws again when another process takes the candidate first', async () => {
    await withStore(async (store) => {
      const { racing, proposed } = anotherProcessWinsFirstLink(store);
      const { patientId } = await createPseudonymizer({ scheme: 'random-linked' }, { secret: SECRET, store: racing })
        .pseudonymFor(patient('MRN1'));
      expect(proposed).toHaveLength(2);
      expect(patientId).toBe(proposed[1]);
      expect(await reidentifyPseudonym(patientId, { secret: SECRET, store })).toEqual([
        expect.objectContaining(patient('MRN1')),
      ]);
    });
  });

  it('fails clearly when every pseudonym is taken', async () => {
    // Alphabet "ab", length 1: two possible pseudonyms.
    const config: PseudonymSchemeConfig = { scheme: 'random-linked', alphabet: 'ab', length: 1 };
    await run(config, async (pseudonymizer) => {
      const [first] = await idsInSequence(pseudonymizer, ['first']);
      await withStore(async (store) => {
        const links = await linkedPseudonymsOfSubject(patient('first'), { secret: SECRET, store });
        expect(links).toHaveLength(1);
        const namespace = links[0]?.namespace ?? '';
        const other = first === 'a' ? 'b' : 'a';
        await store.linkPseudonym({ namespace, subjectKey: 'someone-else', pseudonym: other, sealedSubject: 'x' });
      });
      await expect(pseudonymizer.pseudonymFor(patient('third'))).rejects.toThrow(
        /No free pseudonym after 16 attempts.*raise length/,
      );
    });
  });

  it('gives one pseudonym to concurrent requests for one patient from two runs sharing the file', async () => {
    await withStore((storeA) =>
      withStore(async (storeB) => {
        const runA = createPseudonymizer({ scheme: 'random-linked' }, { secret: SECRET, store: storeA });
        const runB = createPseudonymizer({ scheme: 'random-linked' }, { secret: SECRET, store: storeB });
        const pairs = await Promise.all(
          Array.from({ length: 50 }, (_, i) => (i % 2 ? runA : runB).pseudonymFor(patient('MRN1'))),
        );
        expect(new Set(pairs.map((pair) => pair.patientId)).size).toBe(1);
      }),
    );
  });

  it('needs a store', () => {
    expect(() => createPseudonymizer({ scheme: 'random-linked' }, { secret: SECRET })).toThrow(
      /keeps a linkage table; open the state store/,
    );
  });
});

describe('template', () => {
  it('numbers patients per template and site, zero-padded, persisting the counter', async () => {
    const config: PseudonymSchemeConfig = { scheme: 'template', template: '{site}-{seq:04}' };
    expect(await run(config, (pseudonymizer) => idsInSequence(pseudonymizer, ['a', 'b']))).toEqual([
      'SITE01-0001',
      'SITE01-0002',
    ]);
    expect(await run(config, (pseudonymizer) => idsInSequence(pseudonymizer, ['c', 'a']))).toEqual([
      'SITE01-0003',
      'SITE01-0001',
    ]);
    expect(await run(config, (pseudonymizer) => idsInSequence(pseudonymizer, ['z']), { siteId: 'SITE02' })).toEqual([
      'SITE02-0001',
    ]);
    const otherTemplate: PseudonymSchemeConfig = { scheme: 'template', template: '{prefix}{seq:06}', prefix: 'P' };
    expect(await run(otherTemplate, (pseudonymizer) => idsInSequence(pseudonymizer, ['z']))).toEqual(['P000001']);
  });

  it('hands out 1..100 to 100 concurrent new patients', async () => {
    const pairs = await run({ scheme: 'template', template: 'P{seq:03}' }, (pseudonymizer) =>
      Promise.all(mrns(100).map((mrn) => pseudonymizer.pseudonymFor(patient(mrn)))),
    );
    const expected = Array.from({ length: 100 }, (_, i) => `P${String(i + 1).padStart(3, '0')}`);
    expect(pairs.map((pair) => pair.patientId).sort()).toEqual(expected);
  });

  it('uses one counter value for 100 concurrent requests for one patient', async () => {
    const config: PseudonymSchemeConfig = { scheme: 'template', template: 'P{seq:03}' };
    const pairs = await run(config, (pseudonymizer) =>
      Promise.all(Array.from({ length: 100 }, () => pseudonymizer.pseudonymFor(patient('same')))),
    );
    expect(new Set(pairs.map((pair) => pair.patientId))).toEqual(new Set(['P001']));
    expect(await run(config, (pseudonymizer) => idsInSequence(pseudonymizer, ['next']))).toEqual(['P002']);
  });

  it('keeps projects with different secrets apart in one state file', async () => {
    const config: PseudonymSchemeConfig = { scheme: 'template', template: 'P{seq:03}' };
    await run(config, (pseudonymizer) => idsInSequence(pseudonymizer, ['a', 'b']));
    const otherProject = await run(config, (pseudonymizer) => idsInSequence(pseudonymizer, ['b']), {
      secret: OTHER_SECRET,
    });
    expect(otherProject).toEqual(['P001']);
  });

  it('takes the next number when another process links the candidate first', async () => {
    await withStore(async (store) => {
      const { racing, proposed } = anotherProcessWinsFirstLink(store);
      const pseudonymizer = createPseudonymizer({ scheme: 'template', template: 'P{seq}' }, { secret: SECRET, store: racing });
      expect((await pseudonymizer.pseudonymFor(patient('MRN1'))).patientId).toBe('P2');
      expect(proposed).toEqual(['P1', 'P2']);
    });
  });

  it('{hash:N} adds keyed-hash characters of the patient', async () => {
    const ids = await run({ scheme: 'template', template: 'X{seq:02}-{hash:8}' }, (pseudonymizer) =>
      idsInSequence(pseudonymizer, ['MRN1']),
    );
    expect(ids).toEqual([`X01-${documentedHmacHex(['deid-share/template-hash/v1', 'HOSP', 'MRN1']).slice(0, 8)}`]);
  });

  it('refuses to link a pseudonym once the counter outgrows LO', async () => {
    await run({ scheme: 'template', template: `${'A'.repeat(63)}{seq}` }, async (pseudonymizer) => {
      await idsInSequence(pseudonymizer, mrns(9));
      await expect(pseudonymizer.pseudonymFor(patient('tenth'))).rejects.toThrow(/65 characters is too long/);
    });
  });

  it.each([
    ['no counter', { template: '{site}-{hash:8}' }, /must contain \{seq\} or \{seq:N\} exactly once/],
    ['two counters', { template: '{seq}{seq:02}' }, /exactly once/],
    ['an unknown placeholder', { template: '{seq}{year}' }, /unknown placeholder \{year\}/],
    ['a stray brace', { template: '{seq}}' }, /unmatched/],
    ['unsafe literal text', { template: 'P {seq}' }, /may contain only letters/],
    ['{prefix} without prefix', { template: '{prefix}{seq}' }, /set "prefix" exactly when/],
    ['prefix without {prefix}', { template: '{seq}', prefix: 'P' }, /set "prefix" exactly when/],
  ])('refuses a template with %s', async (_case, settings, message) => {
    const config = { scheme: 'template', ...settings } as PseudonymSchemeConfig;
    await withStore(async (store) => {
      expect(() => createPseudonymizer(config, { secret: SECRET, store, siteId: SITE })).toThrow(message);
    });
  });

  it('needs a site for {site}', async () => {
    await withStore(async (store) => {
      expect(() => createPseudonymizer({ scheme: 'template', template: '{site}{seq}' }, { secret: SECRET, store })).toThrow(
        /needs this site's code/,
      );
    });
  });
});

describe('random-unlinked', () => {
  it('is consistent within a run, differs between runs and keeps nothing', async () => {
    await withStore(async (store) => {
      const runOne = createPseudonymizer({ scheme: 'random-unlinked' }, { secret: SECRET, store });
      const runTwo = createPseudonymizer({ scheme: 'random-unlinked' }, { secret: SECRET, store });
      const first = await runOne.pseudonymFor(patient('MRN1'));
      expect(first.patientId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(await runOne.pseudonymFor(patient(' MRN1', 'HOSP '))).toEqual(first);
      expect((await runTwo.pseudonymFor(patient('MRN1'))).patientId).not.toBe(first.patientId);
      expect(runOne.supportsErasure).toBe(false);
      expect(await linkedPseudonymsOfSubject(patient('MRN1'), { secret: SECRET, store })).toEqual([]);
      expect(await reidentifyPseudonym(first.patientId, { secret: SECRET, store })).toEqual([]);
    });
  });

  it('gives 2,000 patients distinct pseudonyms, even from a small allowed space', async () => {
    const config: PseudonymSchemeConfig = {
      scheme: 'random-unlinked',
      alphabet: '0123456789',
      length: 4,
      allowBelow128Bits: true,
    };
    const ids = await idsInSequence(createPseudonymizer(config, { secret: SECRET }), mrns(2000));
    expect(new Set(ids).size).toBe(2000);
  });

  it('needs no store and refuses fewer than 128 random bits unless allowed', () => {
    expect(createPseudonymizer({ scheme: 'random-unlinked' }, { secret: SECRET }).scheme).toBe('random-unlinked');
    expect(() => createPseudonymizer({ scheme: 'random-unlinked', length: 20 }, { secret: SECRET })).toThrow(
      /give 100 bits, below the 128 bits/,
    );
  });
});

describe('linkage look-ups', () => {
  async function linkBothWays(): Promise<{ random: string; numbered: string }> {
    return withStore(async (store) => {
      const random = createPseudonymizer({ scheme: 'random-linked' }, { secret: SECRET, store });
      const numbered = createPseudonymizer({ scheme: 'template', template: 'P{seq:04}' }, { secret: SECRET, store });
      return {
        random: (await random.pseudonymFor(patient('MRN1'))).patientId,
        numbered: (await numbered.pseudonymFor(patient('MRN1'))).patientId,
      };
    });
  }

  it('finds a patient’s pseudonyms for erasure and re-identifies a pseudonym, given the secret', async () => {
    const { random, numbered } = await linkBothWays();
    await withStore(async (store) => {
      const found = await linkedPseudonymsOfSubject(patient('MRN1 '), { secret: SECRET, store });
      expect(found.map((link) => link.pseudonym).sort()).toEqual([numbered, random].sort());
      expect(await reidentifyPseudonym(numbered, { secret: SECRET, store })).toEqual([
        { namespace: expect.stringContaining('P{seq:04}'), ...patient('MRN1') },
      ]);
    });
  });

  it('finds and opens nothing with another project’s secret', async () => {
    const { numbered } = await linkBothWays();
    await withStore(async (store) => {
      expect(await linkedPseudonymsOfSubject(patient('MRN1'), { secret: OTHER_SECRET, store })).toEqual([]);
      expect(await reidentifyPseudonym(numbered, { secret: OTHER_SECRET, store })).toEqual([]);
    });
  });

  it('refuses a sealed subject moved to another row', async () => {
    await run({ scheme: 'template', template: 'P{seq}' }, (pseudonymizer) => idsInSequence(pseudonymizer, ['a', 'b']));
    const db = new Database(statePath);
    db.exec("UPDATE pseudonym_link SET sealed_subject = (SELECT sealed_subject FROM pseudonym_link WHERE pseudonym = 'P2')");
    db.close();
    await withStore(async (store) => {
      await expect(reidentifyPseudonym('P1', { secret: SECRET, store })).rejects.toThrow(/or the row was altered/);
    });
  });

  it('stores neither the MRN nor the issuer in the clear', async () => {
    const [id] = await run({ scheme: 'random-linked' }, (pseudonymizer) =>
      pseudonymizer.pseudonymFor(patient('MRN-SECRET-42', 'ISSUER-XYZ')).then((pair) => [pair.patientId]),
    );
    // Closing checkpoints the WAL, so the whole state is in the main file now.
    const bytes = readFileSync(statePath).toString('latin1');
    expect(bytes).toContain(id);
    expect(bytes).not.toContain('MRN-SECRET-42');
    expect(bytes).not.toContain('ISSUER-XYZ');
  });
});

describe('createPseudonymizer', () => {
  it('requires a 32-byte secret', () => {
    expect(() => createPseudonymizer({ scheme: 'keyed-hash' }, { secret: randomBytes(16) })).toThrow(
      /must be 32 bytes but has 16.*openssl rand -hex 32/,
    );
  });

  it('refuses an unknown scheme', () => {
    const config = { scheme: 'md5' } as unknown as PseudonymSchemeConfig;
    expect(() => createPseudonymizer(config, { secret: SECRET })).toThrow(/Unknown pseudonym scheme "md5"/);
  });
});
