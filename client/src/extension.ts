import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/**
 * The thin client: starts the kube-graceful language server (the bundled CLI's `lsp` command)
 * and wires the commands. All analysis happens in the server.
 */
let client: LanguageClient | undefined;

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
    ],
    // The server registers its own file watchers and settings notifications (dynamic registration).
  };
  client = new LanguageClient('kubeGraceful', 'Kube Graceful', serverOptions, clientOptions);
  context.subscriptions.push(vscode.commands.registerCommand('kubeGraceful.explainPodShutdown', explainPodShutdown));
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

/** Shows the termination timeline of the workload under the cursor beside the editor. */
async function explainPodShutdown(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !client) {
    await vscode.window.showInformationMessage('Open a Kubernetes manifest and place the cursor in a workload to explain its shutdown.');
    return;
  }
  const result = await client.sendRequest<{ markdown: string } | null>('kubeGraceful/explainPodShutdown', {
    uri: editor.document.uri.toString(),
    position: editor.selection.active,
  });
  if (!result) {
    await vscode.window.showInformationMessage('No workload with a pod template at the cursor.');
    return;
  }
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.markdown });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}
