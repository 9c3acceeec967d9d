import { runExplain } from './explain';
import { runLint } from './lint';
import { startServer } from '../lsp/server';
import { initRuntime } from '../node/runtime';
import { toolVersion } from './version';

const usage = `Usage:
  kube-graceful lint [options] PATH...   Lint Kubernetes manifests, Dockerfiles and entry scripts
  kube-graceful explain FILE[:LINE]      Print the shutdown timeline of a workload (text, JSON or SVG)
  kube-graceful lsp --stdio              Run the language server (also --node-ipc, --socket=PORT)
  kube-graceful --help | --version

Run "kube-graceful lint --help" or "kube-graceful explain --help" for their options.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'lint') {
    await initRuntime();
    return runLint(rest, { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
  }
  if (command === 'explain') {
    await initRuntime();
    return runExplain(rest, { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), color: process.stdout.isTTY === true });
  }
  if (command === 'lsp') {
    startServer();
    return -1;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${toolVersion}\n`);
    return 0;
  }
  if (command === '--help' || command === '-h') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  process.stderr.write(`${command ? `kube-graceful: unknown command "${command}"` : 'kube-graceful: no command given'}\n\n${usage}\n`);
  return 2;
}

main(process.argv.slice(2)).then((code) => {
  // The language server keeps the process alive and ends it itself on "exit".
  if (code >= 0) process.exitCode = code;
}, (error: unknown) => {
  process.stderr.write(`kube-graceful: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 2;
});
