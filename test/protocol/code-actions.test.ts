import * as assert from 'assert';
import { CodeActionKind, type CodeAction, type Command, type Diagnostic } from 'vscode-languageserver-protocol';
import { applyEdits } from '../../server/src/service';
import { servingDeployment, twoContainerDeployment } from './manifests';
import { fileUri, isCodeAction, LspClient, removeWorkspace, workspaceWith } from './lsp-client';

const PRESTOP_MISSING = 'k8s/prestop-missing';
const FIX_ALL = 'source.fixAll.kubeGraceful';

function prestopMissing(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === PRESTOP_MISSING);
}

function codeActions(actions: (Command | CodeAction)[] | null): CodeAction[] {
  assert.ok(actions, 'expected an array of code actions, got null');
  assert.ok(actions.every(isCodeAction), 'expected code actions, not commands');
  return actions as CodeAction[];
}

/** The text after a code action's edits to `uri`; it must edit nothing else. */
function applied(action: CodeAction, uri: string, text: string): string {
  const changes = action.edit?.changes ?? {};
  assert.deepStrictEqual(Object.keys(changes), [uri]);
  return applyEdits(text, changes[uri]);
}

describe('language server: code actions', () => {
  let workspace: string;
  let client: LspClient;

  before(async () => {
    workspace = workspaceWith();
    client = await LspClient.start({ workspace, initializationOptions: { debounceMs: 20 } });
  });

  after(async () => {
    await client.stop();
    removeWorkspace(workspace);
  });

  it('offers the preferred quick fix, whose edit makes the diagnostic go away', async () => {
    const uri = fileUri(workspace, 'quick-fix.yaml');
    const [diagnostic] = prestopMissing(await client.open(uri, 'yaml', servingDeployment));
    const actions = codeActions(await client.codeActions(uri, diagnostic.range, [diagnostic]));
    const preferred = actions.filter((action) => action.isPreferred);
    assert.strictEqual(preferred.length, 1, JSON.stringify(actions.map((action) => action.title)));
    const [fix] = preferred;
    assert.strictEqual(fix.kind, CodeActionKind.QuickFix);
    assert.deepStrictEqual(fix.diagnostics, [diagnostic]);
    assert.ok(actions.length >= 2, 'the other preStop form is offered as a suggestion');
    assert.ok(actions.filter((action) => !action.isPreferred).every((action) => action.kind === CodeActionKind.QuickFix));

    const fixed = applied(fix, uri, servingDeployment);
    assert.match(fixed, /preStop:/);
    const { diagnostics } = await client.change(uri, fixed);
    assert.deepStrictEqual(prestopMissing(diagnostics), []);
  });

  it('offers nothing for a diagnostic of an older text whose finding moved', async () => {
    const uri = fileUri(workspace, 'stale.yaml');
    const [stale] = prestopMissing(await client.open(uri, 'yaml', servingDeployment));
    // An incremental edit that keeps the finding but shifts every line: the old fix would land one line off.
    const { version, diagnostics } = await client.edit(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '# web\n');
    const [current] = prestopMissing(diagnostics);
    assert.strictEqual(version, 2);
    assert.deepStrictEqual(current.data, stale.data);

    assert.deepStrictEqual(await client.codeActions(uri, stale.range, [stale]), []);
    assert.ok(codeActions(await client.codeActions(uri, current.range, [current])).length > 0, 'the current diagnostic still has its fixes');
  });

  it('fixes a diagnostic of an older text from the current analysis when the finding is unchanged', async () => {
    const uri = fileUri(workspace, 'unmoved.yaml');
    const [shown] = prestopMissing(await client.open(uri, 'yaml', servingDeployment));
    // An edit after the finding, which the editor may not have heard the new diagnostics of yet.
    const end = { line: servingDeployment.split('\n').length - 1, character: 0 };
    await client.edit(uri, { start: end, end }, '# tail\n');
    const titles = codeActions(await client.codeActions(uri, shown.range, [shown])).map((action) => action.title);
    assert.ok(titles.includes('Ignore k8s/prestop-missing for this line'), JSON.stringify(titles));
  });

  it('never finds a fix from a diagnostic\'s message: foreign and keyless diagnostics get nothing', async () => {
    const uri = fileUri(workspace, 'foreign.yaml');
    const [diagnostic] = prestopMissing(await client.open(uri, 'yaml', servingDeployment));
    const foreign = { ...diagnostic, source: 'another-linter' };
    const keyless = { ...diagnostic, data: undefined };
    assert.deepStrictEqual(await client.codeActions(uri, diagnostic.range, [foreign, keyless]), []);
  });

  it('fixes every safe finding at once with source.fixAll.kubeGraceful', async () => {
    const uri = fileUri(workspace, 'fix-all.yaml');
    assert.strictEqual(prestopMissing(await client.open(uri, 'yaml', twoContainerDeployment)).length, 2);
    const actions = codeActions(await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], [FIX_ALL]));
    assert.deepStrictEqual(actions.map((action) => action.kind), [FIX_ALL]);
    const { diagnostics } = await client.change(uri, applied(actions[0], uri, twoContainerDeployment));
    assert.deepStrictEqual(prestopMissing(diagnostics), []);
  });

  it('leaves out of fix-all a fix whose edits collide with one already taken, for the next run', async () => {
    // Both preStop fixes must also raise the 5 s grace period: the same edit twice.
    const text = twoContainerDeployment.replace('terminationGracePeriodSeconds: 45', 'terminationGracePeriodSeconds: 5');
    const uri = fileUri(workspace, 'collisions.yaml');
    assert.strictEqual(prestopMissing(await client.open(uri, 'yaml', text)).length, 2);
    const everything = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const [first] = codeActions(await client.codeActions(uri, everything, [], [FIX_ALL]));
    const once = applied(first, uri, text);
    assert.strictEqual(prestopMissing((await client.change(uri, once)).diagnostics).length, 1);
    const [second] = codeActions(await client.codeActions(uri, everything, [], [FIX_ALL]));
    const twice = applied(second, uri, once);
    assert.deepStrictEqual(prestopMissing((await client.change(uri, twice)).diagnostics), []);
    assert.strictEqual(twice.match(/terminationGracePeriodSeconds/g)?.length, 1);
  });

  it('offers fix-all to a request for source actions but not to a plain quick-fix request', async () => {
    const uri = fileUri(workspace, 'kinds.yaml');
    const [diagnostic] = prestopMissing(await client.open(uri, 'yaml', servingDeployment));
    const sourceActions = codeActions(await client.codeActions(uri, diagnostic.range, [diagnostic], [CodeActionKind.Source]));
    assert.deepStrictEqual(sourceActions.map((action) => action.kind), [FIX_ALL]);
    const quickFixes = codeActions(await client.codeActions(uri, diagnostic.range, [diagnostic], [CodeActionKind.QuickFix]));
    assert.ok(quickFixes.length > 0 && quickFixes.every((action) => action.kind === CodeActionKind.QuickFix));
  });
});
