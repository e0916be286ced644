// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time and the most
// inclusive time, as "function file:line". With --under <names>, only samples whose stack contains one of those
// functions (comma-separated) count: `--under 'deidentify,#transform'` leaves out start-up and file I/O (an async
// function resumed after an await has its own stack, hence both names).
//
//   node bench/cpuprofile-summary.mjs [--top 30] [--under 'deidentify,#transform'] profile.cpuprofile
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '30' }, under: { type: 'string' } },
});
if (positionals.length !== 1) {
  console.error('usage: node bench/cpuprofile-summary.mjs [--top N] [--under name,name] file.cpuprofile');
  process.exit(2);
}
const top = Number(values.top);
const under = values.under ? new Set(values.under.split(',')) : undefined;
const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const nameOf = (node) => {
  const frame = node.callFrame;
  const url = frame.url.replace(/^file:\/\/.*?\/(packages|node_modules|bench)\//, '$1/');
  return `${frame.functionName || '(anonymous)'} ${url}${url ? `:${frame.lineNumber + 1}` : ''}`;
};

const self = new Map();
const inclusive = new Map();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const micros = profile.timeDeltas[i] ?? 0;
  const stack = [];
  for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) stack.push(nodes.get(id));
  if (under && !stack.some((node) => under.has(node.callFrame.functionName))) continue;
  total += micros;
  self.set(nameOf(stack[0]), (self.get(nameOf(stack[0])) ?? 0) + micros);
  for (const name of new Set(stack.map(nameOf))) inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
}

const print = (title, map) => {
  console.log(title);
  for (const [name, micros] of [...map].filter(([name]) => !name.startsWith('(root)')).sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(micros / 1000).toFixed(1).padStart(9)} ms ${((100 * micros) / total).toFixed(1).padStart(5)}%  ${name}`);
  }
};
console.log(`${(total / 1000).toFixed(1)} ms sampled${values.under ? ` under ${values.under}` : ''}`);
print('self time:', self);
print('inclusive time:', inclusive);
