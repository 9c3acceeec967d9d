import * as vscode from 'vscode';

export const EXTENSION_ID = 'kube-graceful.kube-graceful';

export function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need a workspace folder');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'kube-graceful');
}

export function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}

/**
 * Resolves with our diagnostics for `uri` once they satisfy `ready`: checked now and on every
 * diagnostics change, never by sleeping. Rejects after `timeoutMs` saying what was there.
 */
export function diagnosticsWhen(uri: vscode.Uri, ready: (diagnostics: vscode.Diagnostic[]) => boolean, timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diagnostics = ourDiagnostics(uri);
      if (!ready(diagnostics)) return false;
      subscription.dispose();
      clearTimeout(timer);
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out waiting for diagnostics of ${uri.path}; have: ${JSON.stringify(ourDiagnostics(uri).map((d) => [ruleOf(d), d.message]))}`));
    }, timeoutMs);
    check();
  });
}

/** How often quickFixesWhen asks again while nothing else prompts it. */
const QUICK_FIX_RETRY_MS = 250;

/**
 * Resolves with the quick fixes of the first `ruleId` diagnostic of `uri` once they satisfy
 * `ready`: asked now, after every diagnostics change, and again every QUICK_FIX_RETRY_MS. A change
 * of settings reaches the server over several asynchronous hops, so one request may see either
 * state; and VS Code cancels a code action request, answering nothing or failing with "Canceled",
 * when the set of code action providers changes meanwhile (another extension activating as
 * settings.json is written).
 */
export function quickFixesWhen(uri: vscode.Uri, ruleId: string, ready: (actions: vscode.CodeAction[]) => boolean, timeoutMs = 30_000): Promise<vscode.CodeAction[]> {
  let last: vscode.CodeAction[] = [];
  let settled = false;
  return new Promise((resolve, reject) => {
    const stop = () => {
      settled = true;
      subscription.dispose();
      clearInterval(retry);
      clearTimeout(timer);
    };
    const check = async () => {
      const diagnostic = ourDiagnostics(uri).find((candidate) => ruleOf(candidate) === ruleId);
      if (settled || !diagnostic) return;
      last = await quickFixes(uri, diagnostic);
      if (settled || !ready(last)) return;
      stop();
      resolve(last);
    };
    const ask = () => void check().catch((error: unknown) => {
      // Cancelled (see above): asked again on the next round.
      if (error instanceof Error && error.name === 'Canceled') return;
      stop();
      reject(error);
    });
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) ask();
    });
    const retry = setInterval(ask, QUICK_FIX_RETRY_MS);
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out waiting for the quick fixes of ${ruleId} in ${uri.path}; last: ${JSON.stringify(last.map((action) => action.title))}`));
    }, timeoutMs);
    ask();
  });
}

export function hasRule(ruleId: string) {
  return (diagnostics: vscode.Diagnostic[]) => diagnostics.some((diagnostic) => ruleOf(diagnostic) === ruleId);
}

export function lacksRule(ruleId: string) {
  return (diagnostics: vscode.Diagnostic[]) => !diagnostics.some((diagnostic) => ruleOf(diagnostic) === ruleId);
}

export async function open(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relative));
  return vscode.window.showTextDocument(document);
}

/** The quick fixes offered on a diagnostic's range (the command's result does not carry the attached diagnostics). */
async function quickFixes(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
  return actions.filter((action): action is vscode.CodeAction => 'edit' in action || 'kind' in action);
}

export function positionOf(document: vscode.TextDocument, text: string): vscode.Position {
  const offset = document.getText().indexOf(text);
  if (offset < 0) throw new Error(`"${text}" not in ${document.uri.path}`);
  return document.positionAt(offset);
}

/** Resolves with the first tab that satisfies `matches`, now or when the tabs change (the tab model reaches the extension host asynchronously). */
export function tabWhen(matches: (tab: vscode.Tab) => boolean, timeoutMs = 30_000): Promise<vscode.Tab> {
  const find = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).find(matches);
  return new Promise((resolve, reject) => {
    const found = find();
    if (found) { resolve(found); return; }
    const subscription = vscode.window.tabGroups.onDidChangeTabs(() => {
      const tab = find();
      if (!tab) return;
      subscription.dispose();
      clearTimeout(timer);
      resolve(tab);
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`no such tab among ${JSON.stringify(vscode.window.tabGroups.all.flatMap((group) => group.tabs).map((tab) => tab.label))}`));
    }, timeoutMs);
  });
}

/** Reverts every document a test changed, open in an editor or not, so the next test sees the fixture. */
export async function revertAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((candidate) => candidate.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
}
