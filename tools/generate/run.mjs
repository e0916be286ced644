// `npm run generate`: turns the standard's data files under data/ into TypeScript modules in
// packages/*/src/generated/ (gitignored). See docs/standard-data.md.

import { fileURLToPath } from 'node:url';
import { generateCid7050 } from './cid-7050.mjs';
import { generateConfidentialityTable } from './confidentiality-table.mjs';
import { generateDictionary } from './dictionary.mjs';
import { generateIodAttributeTypes } from './iod-attribute-types.mjs';
import { generateProfileValidator } from './profile-validator.mjs';
import { generateSopClasses } from './sop-classes.mjs';
import { generateTciaPrivateTags } from './tcia-private-tags.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

for (const generate of [generateDictionary, generateSopClasses, generateConfidentialityTable, generateTciaPrivateTags, generateIodAttributeTypes, generateCid7050, generateProfileValidator]) {
  const { output, rows } = await generate(repoRoot);
  console.log(`${output}: ${rows} rows`);
}
