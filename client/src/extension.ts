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
  context.subscriptions.push(explainView, vscode.commands.registerCommand('kubeGraceful.explainPodShutdown', explainPodShutdown));
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

/**
 * Shows the termination timeline of the workload under the cursor, or at the position a code lens
 * passes. Returns whether a view opened, for tests and other extensions.
 */
async function explainPodShutdown(uri?: string, position?: vscode.Position): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  const target = uri && position
    ? { uri: vscode.Uri.parse(uri), position: new vscode.Position(position.line, position.character) }
    : editor && { uri: editor.document.uri, position: editor.selection.active };
  if (!target || !explainView) {
    await vscode.window.showInformationMessage('Open a Kubernetes manifest and place the cursor in a workload to explain its shutdown.');
    return false;
  }
  const shown = await explainView.show(target.uri, target.position);
  if (!shown) await vscode.window.showInformationMessage('No workload with a pod template at the cursor.');
  return shown;
}
