import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { ExplainView } from './explain-view';

/**
 * The thin client: starts the kube-graceful language server (the bundled CLI's `lsp` command)
 * and wires the commands. All analysis happens in the server.
 */
let client: LanguageClient | undefined;
let explainView: ExplainView | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'cli.js'));
  const serverOptions: ServerOptions = {
    run: { module, args: ['lsp'], transport: TransportKind.ipc },
    debug: { module, args: ['lsp'], transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'file', language: 'shellscript' },
      // Helm's extension calls chart templates `helm`; JSON manifests are `json`. Both are read by content: other JSON is ignored.
      { scheme: 'file', language: 'helm' },
      { scheme: 'file', language: 'json' },
      // Dockerfile.prod and friends are sometimes plain text to VS Code: recognise them by name.
      { scheme: 'file', pattern: '**/{Dockerfile,Containerfile}*' },
      { scheme: 'file', pattern: '**/*.{Dockerfile,Containerfile}' },
      // Spring Boot properties and php-fpm configuration set how long an app drains.
      { scheme: 'file', pattern: '**/*.{properties,conf}' },
      // supervisord programs, and the JVM build files that tell an app's Spring Boot version.
      { scheme: 'file', pattern: '**/*.ini' },
      { scheme: 'file', pattern: '**/{pom.xml,*.gradle,*.gradle.kts,*.versions.toml}' },
    ],
    // The server registers its own file watchers and settings notifications (dynamic registration).
  };
  client = new LanguageClient('kubeGraceful', 'Kube Graceful', serverOptions, clientOptions);
  explainView = new ExplainView(client);
  context.subscriptions.push(
    explainView,
    vscode.commands.registerCommand('kubeGraceful.explainPodShutdown', explainPodShutdown),
    vscode.commands.registerCommand('kubeGraceful.checkWorkspace', checkWorkspace),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(ENABLE_SETTING)) void followEnableSetting();
    }),
  );
  await followEnableSetting();
}

export async function deactivate(): Promise<void> {
  if (client?.isRunning()) await client.stop();
}

const ENABLE_SETTING = 'kubeGraceful.enable';

function enabled(): boolean {
  return vscode.workspace.getConfiguration().get<boolean>(ENABLE_SETTING, true);
}

/** Changes of the setting, one at a time: a stop must not overtake the start before it. */
let enablement: Promise<void> = Promise.resolve();

/** Starts or stops the server as `kubeGraceful.enable` says; a stopped client clears its diagnostics. */
function followEnableSetting(): Promise<void> {
  enablement = enablement.then(async () => {
    if (!client) return;
    if (enabled() && !client.isRunning()) await client.start();
    else if (!enabled() && client.isRunning()) await client.stop();
  });
  return enablement;
}

/** Whether the server can answer; says why not to the user when it cannot. */
function running(): boolean {
  if (client?.isRunning()) return true;
  void vscode.window.showInformationMessage(`Kube Graceful is switched off (setting ${ENABLE_SETTING}).`);
  return false;
}

/**
 * Shows the termination timeline of the workload under the cursor, or at the position a code lens
 * passes. Returns whether a view opened, for tests and other extensions.
 */
async function explainPodShutdown(uri?: string, position?: vscode.Position): Promise<boolean> {
  if (!running()) return false;
  const editor = vscode.window.activeTextEditor;
  const target = uri && position
    ? { uri: vscode.Uri.parse(uri), position: new vscode.Position(position.line, position.character) }
    : editor && { uri: editor.document.uri, position: editor.selection.active };
  if (!target || !explainView) {
    void vscode.window.showInformationMessage('Open a Kubernetes manifest and place the cursor in a workload to explain its shutdown.');
    return false;
  }
  const shown = await explainView.show(target.uri, target.position);
  if (!shown) void vscode.window.showInformationMessage('No workload with a pod template at the cursor.');
  return shown;
}

/** The server's requests for "Check Workspace" (server/src/lsp/protocol.ts); the client may not import server code. */
const CHECK_WORKSPACE_METHOD = 'kubeGraceful/checkWorkspace';
const CHECK_WORKSPACE_PROGRESS = 'kubeGraceful/checkWorkspaceProgress';

/**
 * Lints every file of the workspace the server reads, open or not, into the Problems panel, with
 * a progress notification that can cancel it. Returns the server's counts, for tests.
 */
async function checkWorkspace(): Promise<{ files: number; findings: number; cancelled: boolean } | undefined> {
  const current = client;
  if (!current || !running()) return undefined;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Kube Graceful: checking the workspace', cancellable: true },
    async (progress, token) => {
      let reported = 0;
      const listener = current.onNotification(CHECK_WORKSPACE_PROGRESS, ({ done, total }: { done: number; total: number }) => {
        const percent = total === 0 ? 100 : (done / total) * 100;
        progress.report({ message: `${done} of ${total} files`, increment: percent - reported });
        reported = percent;
      });
      try {
        const result = await current.sendRequest<{ files: number; findings: number; cancelled: boolean }>(CHECK_WORKSPACE_METHOD, {}, token);
        if (!result.cancelled) void vscode.window.showInformationMessage(`Kube Graceful: ${result.findings} problems in ${result.files} files.`);
        return result;
      } finally {
        listener.dispose();
      }
    });
}
