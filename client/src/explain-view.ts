import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** The server's custom request (server/src/lsp/protocol.ts); the client may not import server code. */
const EXPLAIN_METHOD = 'kubeGraceful/explainPodShutdown';
export const EXPLAIN_VIEW_TYPE = 'kubeGraceful.explain';

interface ExplainRow {
  time: string;
  lane: string;
  text: string;
  danger: boolean;
  location?: { uri: string; range: vscode.Range };
}

type ExplainResult = { title: string; svg: string; rows: ExplainRow[] } | null;

/**
 * "Explain Pod Shutdown": a webview beside the editor with the timeline picture the server draws
 * and the same events as a table, for keyboards and screen readers. It follows the cursor to the
 * workload under it and redraws as the file changes. Nothing is loaded from the network: the
 * Content-Security-Policy allows only this page's own nonce-tagged style and script.
 */
export class ExplainView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private target: { uri: vscode.Uri; position: vscode.Position } | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;
  /** The nonce of the page being built: the server puts it on the picture's style element. */
  private nonce = '';

  constructor(private readonly client: LanguageClient) {
    this.subscriptions.push(
      vscode.window.onDidChangeTextEditorSelection((event) => this.follow(event.textEditor)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.target && event.document.uri.toString() === this.target.uri.toString()) this.scheduleRefresh();
      }),
    );
  }

  /** Opens (or reuses) the view for a position; false when no workload is there. */
  async show(uri: vscode.Uri, position: vscode.Position): Promise<boolean> {
    const result = await this.request(uri, position);
    if (!result) return false;
    this.target = { uri, position };
    if (!this.panel) this.createPanel(result.title);
    this.render(this.panel!, result);
    this.panel!.reveal(vscode.ViewColumn.Beside, true);
    return true;
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.panel?.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private createPanel(title: string): void {
    this.panel = vscode.window.createWebviewPanel(EXPLAIN_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true, localResourceRoots: [],
    });
    this.panel.onDidDispose(() => { this.panel = undefined; this.target = undefined; });
    this.panel.webview.onDidReceiveMessage((message: unknown) => this.reveal(message));
  }

  /** Follows the cursor to another workload of a manifest, once the cursor rests. */
  private follow(editor: vscode.TextEditor): void {
    if (!this.panel || editor.document.languageId !== 'yaml' || editor.document.uri.scheme !== 'file') return;
    this.target = { uri: editor.document.uri, position: editor.selection.active };
    this.scheduleRefresh();
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), 300);
  }

  private async refresh(): Promise<void> {
    // Switched off (kubeGraceful.enable): the view keeps its last picture.
    if (!this.panel || !this.target || !this.client.isRunning()) return;
    const result = await this.request(this.target.uri, this.target.position);
    if (result && this.panel) this.render(this.panel, result);
  }

  private request(uri: vscode.Uri, position: vscode.Position): Promise<ExplainResult> {
    this.nonce = randomBytes(16).toString('base64');
    return this.client.sendRequest<ExplainResult>(EXPLAIN_METHOD, { uri: uri.toString(), position, nonce: this.nonce });
  }

  private render(panel: vscode.WebviewPanel, result: NonNullable<ExplainResult>): void {
    panel.title = result.title;
    panel.webview.html = page(result, this.nonce, panel.webview.cspSource);
  }

  /** A click or Enter on an element of the picture or a row of the table: show the line that set it. */
  private async reveal(message: unknown): Promise<void> {
    if (typeof message !== 'object' || message === null) return;
    const { uri, line, character } = message as Record<string, unknown>;
    if (typeof uri !== 'string' || typeof line !== 'number' || typeof character !== 'number') return;
    const position = new vscode.Position(line, character);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
  }
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Inline code in the rows' text (`web`) as <code>, everything else escaped. */
function inline(text: string): string {
  return escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function row(item: ExplainRow): string {
  const link = item.location
    ? ` data-uri="${escape(item.location.uri)}" data-line="${item.location.range.start.line}" data-character="${item.location.range.start.character}" tabindex="0" role="link"`
    : '';
  const lane = item.lane === 'pod' ? '' : escape(item.lane);
  return `<tr class="${item.danger ? 'danger' : ''}"${link}><td class="time">${escape(item.time)}</td><td>${lane}</td>`
    + `<td>${item.danger ? '<span class="badge">requests fail</span> ' : ''}${inline(item.text)}</td></tr>`;
}

function page(result: NonNullable<ExplainResult>, nonce: string, cspSource: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource}; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escape(result.title)}</title>
<style nonce="${nonce}">
  body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); padding: 0 16px 16px; }
  body {
    --kg-foreground: var(--vscode-editor-foreground); --kg-muted: var(--vscode-descriptionForeground);
    --kg-lane: var(--vscode-editorWidget-background); --kg-propagation: var(--vscode-editorLineNumber-foreground);
    --kg-prestop: var(--vscode-charts-blue); --kg-drain: var(--vscode-charts-green); --kg-signal: var(--vscode-charts-yellow);
    --kg-kill: var(--vscode-charts-red); --kg-load-balancer: var(--vscode-charts-purple); --kg-focus: var(--vscode-focusBorder);
  }
  body.vscode-high-contrast { --kg-lane: transparent; --kg-focus: var(--vscode-contrastActiveBorder); }
  h1 { font-size: 1.2em; font-weight: 600; }
  .picture { overflow-x: auto; }
  .picture svg { width: 100%; min-width: 520px; max-width: 960px; height: auto; }
  table { border-collapse: collapse; width: 100%; margin-top: 12px; }
  caption { text-align: left; font-weight: 600; padding: 4px 0; }
  th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--vscode-editorWidget-border, transparent); }
  td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
  tr[data-uri] { cursor: pointer; }
  tr[data-uri]:hover, tr[data-uri]:focus { outline: 1px solid var(--vscode-focusBorder); background: var(--vscode-list-hoverBackground); }
  tr.danger td { color: var(--vscode-errorForeground); }
  .badge { border: 1px solid var(--vscode-errorForeground); border-radius: 3px; padding: 0 4px; font-size: 0.85em; }
  code { font-family: var(--vscode-editor-font-family); }
</style>
</head>
<body>
<h1>Shutdown of ${escape(result.title)}</h1>
<div class="picture">${result.svg}</div>
<table>
<caption>The same events, in time order</caption>
<thead><tr><th scope="col">Time</th><th scope="col">Where</th><th scope="col">What happens</th></tr></thead>
<tbody>
${result.rows.map(row).join('\n')}
</tbody>
</table>
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  function open(element) {
    const target = element.closest('[data-uri]');
    if (!target) return;
    vscode.postMessage({ uri: target.dataset.uri, line: Number(target.dataset.line), character: Number(target.dataset.character) });
  }
  document.addEventListener('click', (event) => open(event.target));
  document.addEventListener('keydown', (event) => { if (event.key === 'Enter' || event.key === ' ') { open(event.target); } });
</script>
</body>
</html>`;
}
