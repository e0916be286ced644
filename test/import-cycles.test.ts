/** No two modules of the project import each other, directly or round a loop: `npm test` fails on a new cycle. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runNodeScript, type ScriptRun } from './support/node-script.js';

const SCRIPT = new URL('../tools/check/import-cycles.mjs', import.meta.url).pathname;
const check = (root?: string): Promise<ScriptRun> => runNodeScript(SCRIPT, root ? [root] : []);

function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

describe('import cycles', () => {
  it('the project has none', async () => {
    const result = await check();
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ code: 0, stdout: 'no import cycles\n' });
  });

  it('a loop through a type-only import, a workspace package and a test file is reported as the loop it is', async () => {
    const root = mkdtempSync(join(tmpdir(), 'import-cycles-'));
    try {
      writeTree(root, {
        'packages/a/src/index.ts': "export { b } from './b.js';\n",
        'packages/a/src/b.ts': "import type { C } from '@deid-share/c';\nexport const b = 1 as unknown as C;\n",
        'packages/c/src/index.ts': "import { b } from '@deid-share/a';\nexport type C = typeof b;\n",
        'packages/c/src/apart.ts': "import { b } from '@deid-share/a';\nexport const apart = b;\n",
        // Tests may import what they test and the other way round never happens: they are not part of the check.
        'packages/c/test/c.test.ts': "import '../src/index.js';\n",
      });
      const result = await check(root);
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe('import cycle: packages/a/src/b.ts <-> packages/a/src/index.ts <-> packages/c/src/index.ts');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
