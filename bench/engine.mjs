// `npm run bench`: throughput of the de-identification engine, reported as ratios against baselines measured in the
// same run on the same machine (never a pass/fail timing test).
//
//   1. generates a deterministic 300-slice 512×512 16-bit CT series (≈158 MB) into a temporary folder;
//   2. in-process, per file: plain copy (read + write), dcmjs round trip (read → DicomMessage.readFile → write →
//      write file), and our engine (read → DeidEngine.deidentify → write the chunks), warm-up + median of 3; then
//      dcmjs and the engine again on preloaded bytes without file I/O, for reference;
//   3. whole process on the folder: `cp -r`, GDCM's gdcmanon and our CLI, warm-up + median of 3; for reference,
//      Node's start-up (`node -e 0`) and a Node script reading and writing the folder as the CLI does;
//   4. peak RSS growth of the engine runs; every engine and CLI output re-parsed, and searched for the original
//      patient name and ID.
//
// Environment: BENCH_SLICES (default 300) for a quicker run; BENCH_KEEP=1 keeps the temporary folder.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import dcmjs from 'dcmjs';
import { parseDicom, PIXEL_DATA } from '@deid-share/dicom';
import { createEngine, loadProfile } from '@deid-share/engine';
import { ORIGINAL } from './generate-series.mjs';

const SLICES = Number(process.env.BENCH_SLICES ?? 300);
const REPETITIONS = 3;
const PROFILE = 'ps3.15-basic';
const ENGINE_TARGET = 10; // engine/dcmjs throughput, at least
const CLI_TARGET = 1.0; // CLI/gdcmanon wall time, at most
const MB = 1e6;

function packageVersion(name) {
  // The package's exports hide its package.json; find it above the resolved entry point.
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  while (!existsSync(join(dir, 'package.json')) || JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name !== name) {
    if (dirname(dir) === dir) return '?';
    dir = dirname(dir);
  }
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
}

const DCMJS_VERSION = packageVersion('dcmjs');
const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = dirname(benchDir);
const cliMain = join(repoRoot, 'packages', 'cli', 'dist', 'main.js');

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * MB, ...options });
  if (result.error) throw result.error;
  return result;
}

function have(command) {
  return run('sh', ['-c', `command -v ${command}`]).status === 0;
}

/** Flushes dirty pages so one run's writeback does not slow the next one down. */
function settle() {
  run('sync', []);
  gc();
}

async function listFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath ?? entry.path, entry.name)).sort();
}

async function fresh(dir) {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
}

async function writeChunks(path, chunks) {
  const file = await open(path, 'w');
  try {
    await file.writev(chunks);
  } finally {
    await file.close();
  }
}

/**
 * Runs each contender REPETITIONS + 1 times, round-robin so that drift in the machine's state spreads over all of
 * them; the first round is the warm-up. Each run starts with an empty output folder (if any) and no dirty pages.
 * Returns label → { median, all } in seconds.
 */
async function rounds(contenders) {
  const seconds = new Map(contenders.map((c) => [c.label, []]));
  for (let rep = 0; rep <= REPETITIONS; rep++) {
    for (const { label, outDir, once } of contenders) {
      if (outDir) await fresh(outDir);
      settle();
      const start = performance.now();
      await once(rep);
      const elapsed = (performance.now() - start) / 1000;
      if (rep > 0) seconds.get(label).push(elapsed);
      process.stderr.write(`  ${label} ${rep === 0 ? 'warm-up' : `run ${rep}`}: ${elapsed.toFixed(3)} s\n`);
    }
  }
  return new Map([...seconds].map(([label, all]) => [label, { median: median(all), all }]));
}

async function timed(label, outDir, once) {
  return (await rounds([{ label, outDir, once }])).get(label);
}

function processRun(label, outDir, command, args) {
  return {
    label,
    outDir,
    once: async (rep) => {
      const result = run(command, typeof args === 'function' ? args(rep) : args);
      if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status}): ${result.stderr.slice(0, 2000)}`);
    },
  };
}

/** Every output must parse and must not contain the original patient name or ID anywhere in its bytes. */
async function validate(label, dir, expected) {
  const files = await listFiles(dir);
  const needles = [ORIGINAL.patientName.replace(/\^+$/, ''), ORIGINAL.patientId].map((text) => Buffer.from(text, 'latin1'));
  let leaks = 0;
  let unreadable = 0;
  for (const path of files) {
    const bytes = await readFile(path);
    try {
      const file = parseDicom(bytes);
      if (!file.dataset.has(PIXEL_DATA)) unreadable += 1;
    } catch {
      unreadable += 1;
    }
    if (needles.some((needle) => bytes.indexOf(needle) !== -1)) leaks += 1;
  }
  const ok = files.length === expected && leaks === 0 && unreadable === 0;
  return { label, files: files.length, expected, leaks, unreadable, ok };
}

async function main() {
  const started = performance.now();
  const loadBefore = loadavg();
  const work = await mkdtemp(join(tmpdir(), 'deid-share-bench-'));
  try {
    // 1. The series, generated in a child process so its allocations stay out of this process's memory figures.
    const series = join(work, 'series');
    process.stderr.write(`generating ${SLICES} CT slices…\n`);
    const generated = run(process.execPath, [join(benchDir, 'generate-series.mjs'), series, String(SLICES)]);
    if (generated.status !== 0) throw new Error(`generating the series failed: ${generated.stderr}`);
    const inputs = await listFiles(series);
    let totalBytes = 0;
    for (const path of inputs) totalBytes += (await stat(path)).size;
    const outName = (dir, path) => join(dir, relative(series, path));

    // 2. In-process throughput.
    const secret = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff);
    const profile = loadProfile(PROFILE);
    const engine = createEngine({ profile, secret, jobId: 'bench' });

    const engineOut = join(work, 'out-engine');
    const notOk = [];
    settle();
    const rssBaseline = process.memoryUsage.rss();
    let rssPeak = rssBaseline;
    process.stderr.write('in-process, per file:\n');
    const engineRun = await timed('engine', engineOut, async () => {
      for (const path of inputs) {
        const result = await engine.deidentify(await readFile(path));
        if (result.status !== 'ok') {
          notOk.push(`${path}: ${result.status}: ${result.reason}`);
          continue;
        }
        await writeChunks(outName(engineOut, path), result.output);
        const rss = process.memoryUsage.rss();
        if (rss > rssPeak) rssPeak = rss;
      }
    });
    if (notOk.length > 0) throw new Error(`the engine did not de-identify every file:\n${notOk.slice(0, 5).join('\n')}`);

    const copyOut = join(work, 'out-copy');
    const copyRun = await timed('copy', copyOut, async () => {
      for (const path of inputs) await writeFile(outName(copyOut, path), await readFile(path));
    });

    const dcmjsOut = join(work, 'out-dcmjs');
    const dcmjsRun = await timed('dcmjs', dcmjsOut, async () => {
      for (const path of inputs) {
        const bytes = await readFile(path);
        const arrayBuffer =
          bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
            ? bytes.buffer
            : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
        const written = dcmjs.data.DicomMessage.readFile(arrayBuffer).write();
        await writeFile(outName(dcmjsOut, path), new Uint8Array(written));
      }
    });

    // 2b. The same two without file I/O (inputs preloaded, outputs dropped): how much of the gap is the I/O both share.
    process.stderr.write('in memory, per file:\n');
    const preloaded = await Promise.all(inputs.map((path) => readFile(path)));
    const inMemory = await rounds([
      {
        label: 'dcmjs in memory',
        once: async () => {
          for (const bytes of preloaded) {
            // dcmjs reads an ArrayBuffer of the file alone; the copy is part of using it on a Node Buffer.
            const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
            dcmjs.data.DicomMessage.readFile(arrayBuffer).write();
          }
        },
      },
      {
        label: 'engine in memory',
        once: async () => {
          for (const bytes of preloaded) {
            const result = await engine.deidentify(bytes);
            if (result.status !== 'ok') throw new Error(`engine: ${result.status}: ${result.reason}`);
          }
        },
      },
    ]);
    preloaded.length = 0;
    const dcmjsMemRun = inMemory.get('dcmjs in memory');
    const engineMemRun = inMemory.get('engine in memory');

    // 3. Whole process on the folder, round-robin.
    process.stderr.write('whole process, on the folder:\n');
    const contenders = [processRun('cp -r', join(work, 'out-cp'), 'cp', ['-r', join(series, '.'), join(work, 'out-cp')])];

    let gdcm = { available: false, mode: 'not installed' };
    const gdcmOut = join(work, 'out-gdcmanon');
    if (have('gdcmanon')) {
      let args;
      if (have('openssl')) {
        const key = join(work, 'gdcm-key.pem');
        const cert = join(work, 'gdcm-cert.pem');
        const made = run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=deid-share bench']);
        if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr}`);
        args = ['-e', '-c', cert, '-r', '-i', series, '-o', gdcmOut];
        gdcm = { available: true, mode: 'basic profile (-e -c <throwaway self-signed cert>)' };
      } else {
        const core = ['--replace', '10,10=ANONYMOUS', '--replace', '10,20=ANON0001', '--empty', '10,30', '--empty', '8,50', '--empty', '8,90',
          '--remove', '8,80', '--remove', '8,81', '--remove', '8,1048', '--remove', '8,1050', '--remove', '8,1070', '--remove', '10,1040', '--remove', '10,4000'];
        args = ['--dumb', ...core, '-r', '-i', series, '-o', gdcmOut];
        gdcm = { available: true, mode: '--dumb with --replace/--empty/--remove of the core identifiers (no openssl for a certificate)' };
      }
      contenders.push(processRun('gdcmanon', gdcmOut, 'gdcmanon', args));
    }

    const secretFile = join(work, 'project.key');
    await writeFile(secretFile, Buffer.from(secret).toString('hex') + '\n', { mode: 0o600 });
    const cliArgs = (out, input) => (rep) => [cliMain, 'deidentify', '--profile', PROFILE, '--secret-file', secretFile, '--out', out, '--state', join(work, `state-${relative(work, out)}-${rep}.sqlite`), input];
    const cliOut = join(work, 'out-cli');
    contenders.push(processRun('CLI', cliOut, process.execPath, cliArgs(cliOut, series)));
    // The CLI's fixed cost (Node start, module loading, profile, state store), for reading the figures above.
    const oneDir = join(work, 'one');
    await mkdir(oneDir);
    await writeFile(join(oneDir, 'one.dcm'), await readFile(inputs[0]));
    const cliOneOut = join(work, 'out-cli-one');
    contenders.push(processRun('CLI, 1 file', cliOneOut, process.execPath, cliArgs(cliOneOut, oneDir)));

    // What any Node program pays: starting, and reading + writing the series the way the CLI does.
    contenders.push(processRun('node start-up', undefined, process.execPath, ['-e', '0']));
    const nodeCopyOut = join(work, 'out-node-copy');
    contenders.push(processRun('node copy', nodeCopyOut, process.execPath, [join(benchDir, 'node-copy.mjs'), series, nodeCopyOut]));

    const whole = await rounds(contenders);
    const cpRun = whole.get('cp -r');
    const cliRun = whole.get('CLI');
    const cliOneRun = whole.get('CLI, 1 file');
    const nodeStartRun = whole.get('node start-up');
    const nodeCopyRun = whole.get('node copy');
    if (gdcm.available) {
      gdcm.run = whole.get('gdcmanon');
      gdcm.files = (await listFiles(gdcmOut)).length;
    }

    // 4. Validity of the outputs.
    const checks = [await validate('engine (in-process)', engineOut, inputs.length), await validate('CLI', cliOut, inputs.length)];

    // Report.
    const perSecond = (seconds) => ({ mbs: totalBytes / MB / seconds, ips: inputs.length / seconds });
    const copy = perSecond(copyRun.median);
    const dcm = perSecond(dcmjsRun.median);
    const eng = perSecond(engineRun.median);
    const engineVsDcmjs = eng.mbs / dcm.mbs;
    const engineVsCopy = eng.mbs / copy.mbs;
    // The engine reads and writes the same bytes as the copy, so with file I/O it cannot beat this ratio.
    const ioCeiling = copy.mbs / dcm.mbs;
    const dcmMem = perSecond(dcmjsMemRun.median);
    const engMem = perSecond(engineMemRun.median);
    const engineVsDcmjsMem = engMem.mbs / dcmMem.mbs;
    const cliVsGdcm = gdcm.available ? cliRun.median / gdcm.run.median : NaN;
    const cliVsCp = cliRun.median / cpRun.median;
    const rssGrowth = (rssPeak - rssBaseline) / 2 ** 20;

    const lines = [];
    lines.push(`Series: ${inputs.length} CT slices 512×512×16 bit, explicit VR LE, ${fmt(totalBytes / MB)} MB (1 MB = 10^6 bytes); profile ${PROFILE}`);
    const load = (l) => l.map((x) => x.toFixed(2)).join(' ');
    lines.push(`Node ${process.version}, ${process.platform}/${process.arch}, ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}); load average ${load(loadBefore)} at start, ${load(loadavg())} at end`);
    lines.push('');
    lines.push('In-process, one file at a time, read + process + write (median of 3 after a warm-up):');
    lines.push('');
    lines.push('| Method | Median s | MB/s | instances/s | Runs (s) |');
    lines.push('|---|---:|---:|---:|---|');
    const row = (name, r, p) => `| ${name} | ${fmt(r.median, 3)} | ${fmt(p.mbs)} | ${fmt(p.ips)} | ${r.all.map((s) => s.toFixed(3)).join(', ')} |`;
    lines.push(row('plain copy (readFile + writeFile)', copyRun, copy));
    lines.push(row(`dcmjs ${DCMJS_VERSION} round trip (readFile → DicomMessage.readFile → write → writeFile)`, dcmjsRun, dcm));
    lines.push(row(`engine (readFile → deidentify → writev), ${PROFILE}`, engineRun, eng));
    lines.push(row('dcmjs round trip, in memory (no file I/O)', dcmjsMemRun, dcmMem));
    lines.push(row('engine deidentify, in memory (no file I/O)', engineMemRun, engMem));
    lines.push('');
    // The target compares the two round trips themselves (read the object, write it back); file I/O costs both
    // the same and caps any ratio at copy/dcmjs, so the with-I/O ratio is reported beside it.
    lines.push(`engine/dcmjs round trip, in memory: ${fmt(engineVsDcmjsMem, 2)}× (target ≥ ${ENGINE_TARGET}×: ${engineVsDcmjsMem >= ENGINE_TARGET ? 'met' : 'NOT met'})`);
    lines.push(`engine/dcmjs throughput with file I/O: ${fmt(engineVsDcmjs, 2)}×`);
    lines.push(`copy/dcmjs throughput: ${fmt(ioCeiling, 2)}× (the most any engine could reach against dcmjs with this file I/O)`);
    lines.push(`engine/copy throughput: ${fmt(engineVsCopy, 2)}×`);
    lines.push(`engine peak RSS growth: ${fmt(rssGrowth)} MiB over ${fmt(rssBaseline / 2 ** 20)} MiB before the first engine run`);
    lines.push('');
    lines.push('Whole process on the folder, wall time (median of 3 after a warm-up):');
    lines.push('');
    lines.push('| Command | Median s | MB/s | Runs (s) |');
    lines.push('|---|---:|---:|---|');
    const prow = (name, r) => `| ${name} | ${fmt(r.median, 3)} | ${fmt(totalBytes / MB / r.median)} | ${r.all.map((s) => s.toFixed(3)).join(', ')} |`;
    lines.push(prow('`cp -r`', cpRun));
    if (gdcm.available) lines.push(prow(`\`gdcmanon\` ${gdcm.mode}`, gdcm.run));
    lines.push(prow(`\`deid-share deidentify --profile ${PROFILE}\``, cliRun));
    lines.push(`| \`deid-share deidentify\`, 1 file (fixed cost, for reference) | ${fmt(cliOneRun.median, 3)} | | ${cliOneRun.all.map((s) => s.toFixed(3)).join(', ')} |`);
    lines.push(`| \`node -e 0\` (Node's own start-up, for reference) | ${fmt(nodeStartRun.median, 3)} | | ${nodeStartRun.all.map((s) => s.toFixed(3)).join(', ')} |`);
    lines.push(prow('`node bench/node-copy.mjs` (read + write as the CLI does, no processing; for reference)', nodeCopyRun));
    lines.push('');
    lines.push(gdcm.available
      ? `CLI/gdcmanon wall time: ${fmt(cliVsGdcm, 2)} (target ≤ ${CLI_TARGET}: ${cliVsGdcm <= CLI_TARGET ? 'met' : 'NOT met'}); gdcmanon wrote ${gdcm.files} files`
      : 'CLI/gdcmanon: gdcmanon is not installed (tools/install-system-packages.sh installs libgdcm-tools)');
    lines.push(`CLI/cp wall time: ${fmt(cliVsCp, 2)}`);
    // A one-threaded Node CLI cannot be faster than its start-up, its file I/O and the engine's warm in-memory work.
    const nodeFloor = nodeCopyRun.median + engineMemRun.median;
    lines.push(`floor of a one-threaded Node CLI (node copy + engine in memory, warm): ${fmt(nodeFloor, 3)} s = ${fmt(nodeFloor / (gdcm.run?.median ?? NaN), 2)}× gdcmanon`);
    lines.push('');
    lines.push('Output checks (re-parsed with parseDicom; original PatientName and PatientID searched in every byte):');
    for (const check of checks) {
      lines.push(`- ${check.label}: ${check.files}/${check.expected} files, ${check.unreadable} unreadable, ${check.leaks} containing the original name or ID: ${check.ok ? 'OK' : 'FAILED'}`);
    }
    lines.push('');
    lines.push(
      `SUMMARY engine/dcmjs in memory ${fmt(engineVsDcmjsMem, 2)}x (target >= ${ENGINE_TARGET}x ${engineVsDcmjsMem >= ENGINE_TARGET ? 'met' : 'NOT met'}; with file I/O ${fmt(engineVsDcmjs, 2)}x), ` +
        `engine/copy ${fmt(engineVsCopy, 2)}x, CLI/gdcmanon ${fmt(cliVsGdcm, 2)} (target <= ${CLI_TARGET} ${cliVsGdcm <= CLI_TARGET ? 'met' : 'NOT met'}), ` +
        `CLI/cp ${fmt(cliVsCp, 2)}, RSS +${fmt(rssGrowth)} MiB, outputs ${checks.every((c) => c.ok) ? 'valid' : 'INVALID'} ` +
        `(${fmt((performance.now() - started) / 1000)} s)`,
    );
    console.log(lines.join('\n'));
    if (!checks.every((c) => c.ok)) process.exitCode = 1;
  } finally {
    if (process.env.BENCH_KEEP === '1') process.stderr.write(`kept ${work}\n`);
    else await rm(work, { recursive: true, force: true });
  }
}

await main();
