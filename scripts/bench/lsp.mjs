// A minimal LSP client for the benchmark: the same client drives kube-graceful and its peers.
import { spawn } from 'child_process';
import * as fs from 'fs';
import { pathToFileURL } from 'url';
import rpc from 'vscode-jsonrpc/node';

const TIMEOUT_MS = 120_000;

export class BenchClient {
  /** Starts `command args` and does the handshake with `workspace` as the only folder. */
  static async start(command, args, workspace, initializationOptions) {
    const startedAt = performance.now();
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new BenchClient(child, startedAt);
    await client.initialize(workspace, initializationOptions);
    return client;
  }

  constructor(child, startedAt) {
    this.child = child;
    this.startedAt = startedAt;
    this.waiters = new Set();
    this.stderr = '';
    child.stderr.on('data', (chunk) => { this.stderr += chunk; });
    this.connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (params) => {
      for (const waiter of this.waiters) {
        if (waiter.uri !== params.uri || (params.version !== undefined && params.version !== null && params.version < waiter.version)) continue;
        this.waiters.delete(waiter);
        waiter.resolve(params.diagnostics);
      }
    });
    // Peers ask for their settings and register capabilities: answer as a plain editor does.
    this.connection.onRequest('workspace/configuration', (params) => params.items.map(() => null));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification(() => undefined);
    this.connection.listen();
  }

  async initialize(workspace, initializationOptions) {
    const folderUri = pathToFileURL(workspace).href;
    await this.connection.sendRequest('initialize', {
      processId: process.pid, rootUri: folderUri, workspaceFolders: [{ uri: folderUri, name: 'bench' }], initializationOptions,
      capabilities: {
        workspace: { configuration: false },
        textDocument: { publishDiagnostics: { versionSupport: true }, synchronization: { didSave: false } },
      },
    });
    await this.connection.sendNotification('initialized', {});
  }

  /** Milliseconds from sending `action` to the diagnostics published for `uri` at `version` or later. */
  async timeDiagnostics(uri, version, action) {
    const published = new Promise((resolve, reject) => {
      const waiter = { uri, version, resolve };
      this.waiters.add(waiter);
      setTimeout(() => {
        if (this.waiters.delete(waiter)) reject(new Error(`no diagnostics for ${uri} within ${TIMEOUT_MS} ms\n${this.stderr}`));
      }, TIMEOUT_MS).unref();
    });
    const start = performance.now();
    await action();
    const diagnostics = await published;
    return { ms: performance.now() - start, diagnostics };
  }

  open(uri, languageId, text) {
    return this.timeDiagnostics(uri, 1, () => this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } }));
  }

  edit(uri, version, range, text) {
    return this.timeDiagnostics(uri, version, () => this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version }, contentChanges: [{ range, text }],
    }));
  }

  close(uri) {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** The server process's resident set size, in MiB (Linux /proc). */
  rssMiB() {
    try {
      const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
      return kb / 1024;
    } catch {
      return undefined;
    }
  }

  async stop() {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The process may be gone already.
    }
    this.connection.dispose();
    setTimeout(() => { if (this.child.exitCode === null) this.child.kill(); }, 1000).unref();
  }
}
