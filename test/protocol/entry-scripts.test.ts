import * as assert from 'assert';
import { CreateFile, DiagnosticSeverity, TextDocumentEdit, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol';
import { fileUri, isCodeAction, LspClient, messageText, removeWorkspace, workspaceWith } from './lsp-client';

/**
 * Entry scripts across files over LSP: the finding lives in the script, its other half in the
 * Dockerfile that runs it; editing that Dockerfile re-checks the open script, and the fix that
 * writes a new trap-based script arrives as a WorkspaceEdit that creates it.
 */

const dockerfile = 'FROM php:8.3-fpm\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["php-fpm"]\n';
const entrypoint = '#!/bin/sh\nset -e\nphp artisan config:cache\n"$@"\n';
const startDockerfile = 'FROM php:8.3-fpm\nRUN apt-get update && apt-get install -y nginx\nCOPY start.sh /usr/local/bin/\nCMD ["start.sh"]\n';
const start = '#!/bin/sh\nphp-fpm &\nnginx -g "daemon off;" &\nwait\n';

/** The text of a plain or annotated edit (never a snippet here). */
function newText(edit: TextDocumentEdit['edits'][number]): string {
  return 'newText' in edit ? edit.newText : '';
}

function ofRule(diagnostics: Diagnostic[], rule: string): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === rule);
}

describe('language server: entry scripts and the Dockerfiles that run them', () => {
  let workspace: string;
  let client: LspClient;

  before(async () => {
    workspace = workspaceWith({ 'php/Dockerfile': dockerfile, 'php/docker-entrypoint.sh': entrypoint, 'web/Dockerfile': startDockerfile, 'web/start.sh': start });
    client = await LspClient.start({ workspace, initializationOptions: { debounceMs: 20 }, createsFiles: true });
  });

  after(async () => {
    await client.stop();
    removeWorkspace(workspace);
  });

  it('re-checks the open entry script when the Dockerfile that runs it changes', async () => {
    const scriptUri = fileUri(workspace, 'php/docker-entrypoint.sh');
    const dockerfileUri = fileUri(workspace, 'php/Dockerfile');
    const [finding] = ofRule(await client.open(scriptUri, 'shellscript', entrypoint), 'shell/missing-exec');
    assert.ok(finding, 'the ENTRYPOINT script is reported');
    assert.strictEqual(finding.severity, DiagnosticSeverity.Warning);
    assert.match(messageText(finding), /ENTRYPOINT of php\/Dockerfile \(line 3\)/);
    assert.match(messageText(finding), /SIGQUIT/);
    assert.deepStrictEqual(finding.relatedInformation?.map((related) => [related.location.uri, related.location.range.start.line]), [[dockerfileUri, 2]]);

    // The Dockerfile now runs php-fpm itself: the script is only named like an entry script (a hint).
    let published = client.nextDiagnostics(scriptUri);
    await client.open(dockerfileUri, 'dockerfile', 'FROM php:8.3-fpm\nCMD ["php-fpm"]\n');
    const [hint] = ofRule(await published, 'shell/missing-exec');
    assert.strictEqual(hint?.severity, DiagnosticSeverity.Hint);
    assert.match(messageText(hint), /named like an entry script/);

    // And runs it again, with its own STOPSIGNAL.
    published = client.nextDiagnostics(scriptUri);
    await client.change(dockerfileUri, 'FROM debian:12\nCOPY docker-entrypoint.sh /\nSTOPSIGNAL SIGINT\nENTRYPOINT ["/docker-entrypoint.sh"]\n');
    const [again] = ofRule(await published, 'shell/missing-exec');
    assert.strictEqual(again?.severity, DiagnosticSeverity.Warning);
    assert.match(messageText(again), /ENTRYPOINT of php\/Dockerfile \(line 4\)/);
    assert.match(messageText(again), /SIGINT \(the image's stop signal, STOPSIGNAL in line 3\)/);
  });

  it('sends the new trap-based script as documentChanges: CreateFile, its text, then the Dockerfile edits', async () => {
    const scriptUri = fileUri(workspace, 'web/start.sh');
    const [finding] = ofRule(await client.open(scriptUri, 'shellscript', start), 'shell/background-without-trap');
    assert.ok(finding, 'the script with background jobs is reported');
    const actions = (await client.codeActions(scriptUri, finding.range, [finding]) ?? []).filter(isCodeAction) as CodeAction[];
    const creating = actions.find((action) => action.edit?.documentChanges);
    assert.ok(creating, `an action that creates a file, among ${JSON.stringify(actions.map((action) => action.title))}`);
    assert.strictEqual(creating.title, 'Write a trap-based start-graceful.sh next to web/Dockerfile and make it the CMD');
    assert.notStrictEqual(creating.isPreferred, true);

    const newUri = fileUri(workspace, 'web/start-graceful.sh');
    const [create, fill, dockerfileEdit] = creating.edit!.documentChanges!;
    assert.ok(CreateFile.is(create));
    assert.strictEqual(create.uri, newUri);
    assert.deepStrictEqual(create.options, { overwrite: false, ignoreIfExists: false });
    assert.ok(TextDocumentEdit.is(fill) && fill.textDocument.uri === newUri);
    const text = newText(fill.edits[0]);
    assert.match(text, /^#!\/bin\/sh\n# Made by kube-graceful from start\.sh/);
    assert.match(text, /\ntrap forward_stop_signal TERM INT QUIT\nwait\n$/);
    assert.ok(TextDocumentEdit.is(dockerfileEdit) && dockerfileEdit.textDocument.uri === fileUri(workspace, 'web/Dockerfile'));
    assert.deepStrictEqual(dockerfileEdit.edits.map(newText), ['COPY --chmod=755 start-graceful.sh /usr/local/bin/start-graceful.sh\n', '"start-graceful.sh"']);

    // The in-place fix is offered too, as a plain edit of the script.
    const inPlace = actions.find((action) => action.title === 'Pass the stop signal on to the jobs with a trap, and wait for them');
    assert.deepStrictEqual(Object.keys(inPlace?.edit?.changes ?? {}), [scriptUri]);
  });

  it('does not offer the new-file action to a client that cannot create files', async () => {
    const other = await LspClient.start({ workspace, initializationOptions: { debounceMs: 20 } });
    try {
      const scriptUri = fileUri(workspace, 'web/start.sh');
      const [finding] = ofRule(await other.open(scriptUri, 'shellscript', start), 'shell/background-without-trap');
      const actions = (await other.codeActions(scriptUri, finding.range, [finding]) ?? []).filter(isCodeAction) as CodeAction[];
      assert.ok(actions.length > 0);
      assert.ok(actions.every((action) => !action.edit?.documentChanges), JSON.stringify(actions.map((action) => action.title)));
    } finally {
      await other.stop();
    }
  });
});
