#!/usr/bin/env node
// Finds import cycles among the project's source files (tests excluded), so a new cycle fails `npm test`.
// Every import counts, `import type` too: a type-only loop still ties two modules into one.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SOURCE = /\.(ts|tsx|mts|js|mjs)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'test', 'tests', '.git']);
/** Where the project's own code lives; each package's `src` is reached through these. */
const SOURCE_ROOTS = ['packages', 'extensions', 'modes', 'tools', 'bench', 'docker'];

function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return SKIPPED_DIRS.has(name) ? [] : sourceFiles(path);
    return SOURCE.test(name) && !/\.(test|d)\.[a-z]+$/.test(name) ? [path] : [];
  });
}

/** A relative specifier as TypeScript resolves it (`./x.js` names `./x.ts`); a workspace package by its entry. */
function resolveImport(root, from, specifier) {
  const workspace = /^@deid-share\/([a-z-]+)$/.exec(specifier);
  const base = workspace ? join(root, 'packages', workspace[1], 'src', 'index') : specifier.startsWith('.') ? resolve(dirname(from), specifier) : undefined;
  if (base === undefined) return undefined;
  const stem = base.replace(/\.(js|mjs|jsx)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.mjs`, `${stem}.js`, join(base, 'index.ts'), join(base, 'index.js')];
  return candidates.find((path) => existsSync(path) && statSync(path).isFile());
}

/** The strongly connected components of more than one file (or a file importing itself), as sorted relative paths. */
export function findImportCycles(root) {
  const files = SOURCE_ROOTS.flatMap((dir) => sourceFiles(join(root, dir)));
  const edges = new Map();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles.map((entry) => resolveImport(root, file, entry.fileName)).filter((path) => path !== undefined);
    edges.set(file, [...new Set(targets)]);
  }
  // Tarjan's algorithm, iterative so that deep import chains cannot overflow the stack.
  const index = new Map();
  const lowLink = new Map();
  const onStack = new Set();
  const stack = [];
  const cycles = [];
  let counter = 0;
  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    const work = [{ file: start, next: 0 }];
    index.set(start, counter);
    lowLink.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const targets = edges.get(frame.file) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++];
        if (!index.has(target)) {
          index.set(target, counter);
          lowLink.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ file: target, next: 0 });
        } else if (onStack.has(target)) {
          lowLink.set(frame.file, Math.min(lowLink.get(frame.file), index.get(target)));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].file;
        lowLink.set(parent, Math.min(lowLink.get(parent), lowLink.get(frame.file)));
      }
      if (lowLink.get(frame.file) !== index.get(frame.file)) continue;
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.file);
      if (component.length > 1 || (edges.get(frame.file) ?? []).includes(frame.file)) {
        cycles.push(component.map((path) => relative(root, path)).sort());
      }
    }
  }
  return cycles;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // The repository this script is in, or the folder named (the test gives it a small tree with a known cycle).
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
  const cycles = findImportCycles(root);
  for (const cycle of cycles) console.error(`import cycle: ${cycle.join(' <-> ')}`);
  console.log(cycles.length === 0 ? 'no import cycles' : `${cycles.length} import cycle(s): break each by moving what both sides need into a module of its own`);
  process.exit(cycles.length === 0 ? 0 : 1);
}
