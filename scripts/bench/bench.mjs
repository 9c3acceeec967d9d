// npm run bench: kube-graceful's speed against the YAML parse floor and against peer language
// servers, measured side by side in one run. Prints a table and writes .cache/bench/results.json.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { parseAllDocuments } from 'yaml';
import { largeDockerfile, largeManifest, writeTree } from './inputs.mjs';
import { BenchClient } from './lsp.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = path.join(root, '.cache', 'bench');
const cli = path.join(root, 'dist', 'cli.js');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TREE_FILES = Number(process.env.BENCH_TREE_FILES ?? 3000);

const servers = {
  'kube-graceful': { command: process.execPath, args: [cli, 'lsp', '--stdio'], init: { debounceMs: 0 } },
  'yaml-language-server': { command: bin('yaml-language-server'), args: ['--stdio'] },
  'dockerfile-language-server-nodejs': { command: bin('docker-langserver'), args: ['--stdio'] },
};

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function main() {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" first`);
  fs.mkdirSync(out, { recursive: true });
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-graceful-bench-'));
  return run(workspace).finally(() => fs.rmSync(workspace, { recursive: true, force: true }));
}

async function run(workspace) {
  const manifest = largeManifest(2 * 1024 * 1024);
  const dockerfile = largeDockerfile(150);
  fs.writeFileSync(path.join(out, 'large.yaml'), manifest);
  fs.writeFileSync(path.join(out, 'Dockerfile.large'), dockerfile);
  // Outside the repository: the CLI skips what .gitignore ignores, and .cache/ is ignored.
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-graceful-bench-tree-'));
  writeTree(tree, TREE_FILES);

  const results = { machine: machine(), runs: RUNS, inputs: { manifestBytes: manifest.length, manifestDocuments: parseAllDocuments(manifest).length, dockerfileLines: dockerfile.split('\n').length } };
  results.floorMs = parseFloor(path.join(out, 'large.yaml'));

  results.manifest = {};
  for (const name of ['kube-graceful', 'yaml-language-server']) {
    results.manifest[name] = await openAndEdit(name, workspace, 'yaml', 'large.yaml', () => manifest, editReplicas(manifest));
  }
  results.dockerfile = {};
  for (const name of ['kube-graceful', 'dockerfile-language-server-nodejs']) {
    // A Dockerfile takes milliseconds: after 5 opens both servers' code is still being optimised
    // (the JIT), so they get 3 times as many runs, and are compared as they run while people type.
    // Every RUN differs from one run to the next, so nothing a server remembers of scripts it has
    // read helps it open the next file.
    const fresh = (run) => dockerfile.replace(/^RUN /gm, `RUN RUN_ID=${run} `);
    results.dockerfile[name] = await openAndEdit(name, workspace, 'dockerfile', 'Dockerfile', fresh, editDockerfile(dockerfile), RUNS * 3);
  }
  results.startupMs = await startup(workspace);
  results.rss100FilesMiB = await rssWithOpenFiles(workspace, tree, 100);
  const vsix = fs.readdirSync(root).find((name) => name.endsWith('.vsix'));
  results.vsixBytes = vsix ? fs.statSync(path.join(root, vsix)).size : undefined;
  results.cli = cliThroughput(tree);
  fs.rmSync(tree, { recursive: true, force: true });

  fs.writeFileSync(path.join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  print(results);
}

function machine() {
  const cpus = os.cpus();
  return { cpu: cpus[0]?.model, cores: cpus.length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
}

/**
 * yaml's own parseAllDocuments on the same text: the least any YAML tool must spend. Measured in a
 * fresh process, as the servers run in theirs: the benchmark's own heap would slow it down.
 */
function parseFloor(file) {
  const script = `
    import { readFileSync } from 'fs';
    import { parseAllDocuments } from 'yaml';
    const text = readFileSync(${JSON.stringify(file)}, 'utf8');
    for (let i = 0; i < 2; i++) parseAllDocuments(text);
    const times = [];
    for (let i = 0; i < ${RUNS}; i++) {
      const start = performance.now();
      parseAllDocuments(text);
      times.push(performance.now() - start);
    }
    console.log(JSON.stringify(times));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the parse floor failed: ${result.stderr}`);
  return median(JSON.parse(result.stdout));
}

/** A one-line edit inside one document near the middle: `replicas: N` takes another value each time. */
function editReplicas(text) {
  const lines = text.split('\n');
  const middle = lines.findIndex((line, index) => index > lines.length / 2 && line.startsWith('  replicas: '));
  return (round) => ({ range: { start: { line: middle, character: 12 }, end: { line: middle, character: lines[middle].length } }, text: String(2 + round) });
}

function editDockerfile(text) {
  const lines = text.split('\n');
  const middle = lines.findIndex((line, index) => index > lines.length / 2 && line.startsWith('WORKDIR '));
  return (round) => ({ range: { start: { line: middle, character: 8 }, end: { line: middle, character: lines[middle].length } }, text: `/srv/edit${round}` });
}

/**
 * Opens `textOf(run)` under a fresh name `runs` times (so no server can answer from its copy of the
 * file), then edits one line `runs` times; medians of the time from the notification to the diagnostics.
 */
async function openAndEdit(name, workspace, languageId, fileName, textOf, edit, runs = RUNS) {
  const server = servers[name];
  const client = await BenchClient.start(server.command, server.args, workspace, server.init);
  try {
    await client.open(pathToFileURL(path.join(workspace, `warmup-${fileName}`)).href, languageId, textOf(-1).slice(0, 2000).replace(/\n[^\n]*$/, '\n'));
    const opens = [];
    const edits = [];
    let rssMiB;
    for (let run = 0; run < runs; run++) {
      const uri = pathToFileURL(path.join(workspace, `run${run}`, fileName)).href;
      const opened = await client.open(uri, languageId, `# run ${run}\n${textOf(run)}`);
      opens.push(opened.ms);
      rssMiB = client.rssMiB();
      for (let round = 0; round < runs; round++) {
        const change = edit(round + run * runs);
        change.range.start.line += 1;
        change.range.end.line += 1;
        edits.push((await client.edit(uri, round + 2, change.range, change.text)).ms);
      }
      await client.close(uri);
    }
    return { openMs: median(opens), editMs: median(edits), rssMiB };
  } finally {
    await client.stop();
  }
}

/** From spawning the server to the diagnostics of a small file opened right after the handshake. */
async function startup(workspace) {
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const server = servers['kube-graceful'];
    const client = await BenchClient.start(server.command, server.args, workspace, server.init);
    await client.open(pathToFileURL(path.join(workspace, 'startup.yaml')).href, 'yaml', largeManifest(1));
    times.push(performance.now() - start);
    await client.stop();
  }
  return median(times);
}

async function rssWithOpenFiles(workspace, tree, count) {
  const server = servers['kube-graceful'];
  const client = await BenchClient.start(server.command, server.args, workspace, server.init);
  try {
    const files = listFiles(tree).filter((file) => file.endsWith('.yaml')).slice(0, count);
    for (const file of files) await client.open(pathToFileURL(file).href, 'yaml', fs.readFileSync(file, 'utf8'));
    return client.rssMiB();
  } finally {
    await client.stop();
  }
}

function listFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

/** `kube-graceful lint` over the generated tree, in one process (the CLI does not shard across cores). */
function cliThroughput(tree) {
  const files = listFiles(tree).length;
  const start = performance.now();
  const result = spawnSync(process.execPath, [cli, 'lint', '--exit-zero', '--format', 'json', tree], { maxBuffer: 1 << 30 });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`kube-graceful lint failed: ${result.stderr}`);
  return { files, ms, filesPerSecond: files / (ms / 1000), processes: 1 };
}

function print(results) {
  const floor = results.floorMs;
  const ours = results.manifest['kube-graceful'];
  const yamlLs = results.manifest['yaml-language-server'];
  const oursDocker = results.dockerfile['kube-graceful'];
  const dockerLs = results.dockerfile['dockerfile-language-server-nodejs'];
  const f = (ms) => `${ms.toFixed(1)} ms`;
  const rows = [
    ['Input', `${(results.inputs.manifestBytes / 2 ** 20).toFixed(2)} MiB, ${results.inputs.manifestDocuments} YAML documents; Dockerfile ${results.inputs.dockerfileLines} lines`, ''],
    ['Floor: yaml parseAllDocuments', f(floor), '1.00× floor'],
    ['kube-graceful open → diagnostics', f(ours.openMs), verdict(ours.openMs / floor, 1.3, '× floor')],
    ['kube-graceful one-line edit → diagnostics', f(ours.editMs), verdict(ours.editMs / floor, 0.1, '× floor')],
    ['yaml-language-server open', f(yamlLs.openMs), `${(yamlLs.openMs / floor).toFixed(2)}× floor; ours ${verdict(ours.openMs / yamlLs.openMs, 1, '× of it')}`],
    ['yaml-language-server edit', f(yamlLs.editMs), `${(yamlLs.editMs / floor).toFixed(2)}× floor; ours ${verdict(ours.editMs / yamlLs.editMs, 0.2, '× of it')}`],
    ['kube-graceful Dockerfile open', f(oursDocker.openMs), ''],
    ['kube-graceful Dockerfile edit', f(oursDocker.editMs), ''],
    ['dockerfile-language-server open', f(dockerLs.openMs), `ours ${verdict(oursDocker.openMs / dockerLs.openMs, 1, '× of it')}`],
    ['dockerfile-language-server edit', f(dockerLs.editMs), `ours ${verdict(oursDocker.editMs / dockerLs.editMs, 0.2, '× of it')}`],
    ['Startup → first diagnostics', f(results.startupMs), ''],
    ['RSS, 2 MB manifest open', `${ours.rssMiB?.toFixed(0)} MiB`, `yaml-language-server ${yamlLs.rssMiB?.toFixed(0)} MiB`],
    ['RSS, 100 files open', `${results.rss100FilesMiB?.toFixed(0)} MiB`, ''],
    ['.vsix size', results.vsixBytes === undefined ? 'no .vsix (npm run package)' : `${(results.vsixBytes / 2 ** 20).toFixed(2)} MiB`, ''],
    ['CLI throughput', `${results.cli.filesPerSecond.toFixed(0)} files/s`, `${results.cli.files} files in ${f(results.cli.ms)}, one process`],
  ];
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column].length)));
  console.log(`kube-graceful benchmark — ${results.machine.cpu} × ${results.machine.cores}, Node ${results.machine.node}, medians of ${results.runs} runs`);
  for (const row of rows) console.log(`${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}`);
  console.log(`\nJSON: ${path.relative(root, path.join(out, 'results.json'))}`);
}

function verdict(ratio, target, unit) {
  return `${ratio.toFixed(2)}${unit} (target ≤ ${target}: ${ratio <= target ? 'met' : 'MISSED'})`;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
