import { Ajv } from 'ajv';

import { PSEUDONYM_SCHEME_SCHEMA } from '../src/pseudonyms/index.js';

const validate = new Ajv({ allErrors: true, strict: true }).compile(PSEUDONYM_SCHEME_SCHEMA);

describe('PSEUDONYM_SCHEME_SCHEMA', () => {
  it.each([
    { scheme: 'keyed-hash' },
    { scheme: 'keyed-hash', prefix: 'ECI-', encoding: 'base32', length: 26, patientNameFormat: 'Anon^{id}' },
    { scheme: 'keyed-hash', length: 16, allowBelow128Bits: true },
    { scheme: 'site-prefixed-hash', prefix: 'PCa' },
    { scheme: 'random-linked', alphabet: 'ABCDEF0123', length: 10, prefix: 'PRI' },
    { scheme: 'random-unlinked' },
    { scheme: 'template', template: '{site}-{seq:04}' },
    { scheme: 'template', template: '{prefix}{seq:06}{hash:4}', prefix: 'INC' },
  ])('accepts %o', (config) => {
    expect(validate(config)).toBe(true);
  });

  it.each([
    [{}, 'no scheme'],
    [{ scheme: 'md5' }, 'unknown scheme'],
    [{ scheme: 'site-prefixed-hash' }, 'site-prefixed-hash without prefix'],
    [{ scheme: 'keyed-hash', template: '{seq}' }, 'a property of another scheme'],
    [{ scheme: 'random-linked', allowBelow128Bits: true }, 'allowBelow128Bits where the table checks uniqueness'],
    [{ scheme: 'keyed-hash', encoding: 'base64' }, 'unknown encoding'],
    [{ scheme: 'keyed-hash', prefix: 'P^1' }, 'a PN separator in the prefix'],
    [{ scheme: 'keyed-hash', patientNameFormat: 'A=B' }, 'a PN group separator in the name'],
    [{ scheme: 'template', template: '{site}-{year}' }, 'an unknown placeholder'],
    [{ scheme: 'template' }, 'template without template'],
  ])('rejects %o (%s)', (config, _reason) => {
    expect(validate(config)).toBe(false);
  });
});
