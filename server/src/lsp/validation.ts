import type { Connection, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult, Analyzer } from '../service';
import { Debouncer } from './debounce';
import { AnalysisCache, toDiagnostics } from './diagnostics';
import { describeError, guarded, type Log } from './guard';
import { languageHint, type OpenDocuments } from './open-documents';
import { fileKey } from './uris';

/**
 * Keeps the open documents' diagnostics in step with their text and with the files around them.
 * Only open documents get diagnostics; files on disk are context for them.
 */
export class Validator {
  private readonly cache = new AnalysisCache();
  private readonly debouncer: Debouncer;

  constructor(
    private readonly connection: Connection,
    private readonly analyzer: Analyzer,
    private readonly open: OpenDocuments,
    /** Resolves once the grammar, the settings and the workspace files are loaded. */
    private readonly ready: Promise<void>,
    debounceMs: number,
    private readonly log: Log,
  ) {
    this.debouncer = new Debouncer(debounceMs);
  }

  /** Analyses an open document once edits to it (or to a file it reads) pause. */
  schedule(key: string): void {
    const validate = guarded(this.log, `validating ${key}`, undefined, () => this.validate(key));
    this.debouncer.schedule(key, () => void validate());
  }

  scheduleAll(): void {
    for (const key of this.open.keys()) this.schedule(key);
  }

  /** Analyses an open document's current text now, publishes and caches the result. */
  async validate(key: string): Promise<AnalysisResult | undefined> {
    this.debouncer.cancel(key);
    await this.ready;
    const document = this.open.byKey(key);
    if (!document) return undefined;
    const { version } = document;
    this.changeFile(key, () => this.analyzer.setFile(key, document.getText(), languageHint(document.languageId)));
    const result = this.analyzer.analyze(key);
    this.cache.set(key, version, result);
    this.publish({ uri: document.uri, version, diagnostics: toDiagnostics(result, (other) => this.open.clientUri(other)) });
    return result;
  }

  /** The analysis of the document's current version, or undefined while an edit awaits analysis. */
  private cached(document: TextDocument): AnalysisResult | undefined {
    return this.cache.get(fileKey(document.uri), document.version);
  }

  /** The analysis of the document as it is now, made at once when an edit is still waiting. */
  async current(document: TextDocument): Promise<AnalysisResult | undefined> {
    return this.cached(document) ?? this.validate(fileKey(document.uri));
  }

  /** A closed document keeps no diagnostics: the editor would show them for a file nobody watches. */
  forget(key: string, uri: string): void {
    this.debouncer.cancel(key);
    this.cache.delete(key);
    this.publish({ uri, diagnostics: [] });
  }

  /** Changes the analyzer's copy of a file the editor does not hold (on disk, or just closed). */
  async updateFile(key: string, change: () => void): Promise<void> {
    await this.ready;
    this.changeFile(key, change);
  }

  dispose(): void {
    this.debouncer.dispose();
  }

  /**
   * Analyses every file the workspace holds, open or not, and publishes their diagnostics
   * ("Check Workspace"). A closed file's diagnostics are a snapshot: they refresh when it is
   * opened or the check runs again. Yields between files so a cancellation can arrive.
   */
  async checkAll(cancelled: () => boolean, progress: (done: number, total: number) => void): Promise<{ files: number; findings: number; cancelled: boolean }> {
    await this.ready;
    const keys = this.analyzer.workspace.uris().filter((key) => this.analyzer.workspace.get(key)?.parsed !== undefined);
    let findings = 0;
    for (const [index, key] of keys.entries()) {
      if (cancelled()) return { files: index, findings, cancelled: true };
      const document = this.open.byKey(key);
      const result = document ? await this.validate(key) : this.analyzer.analyze(key);
      if (!document && result) this.publish({ uri: this.open.clientUri(key), diagnostics: toDiagnostics(result, (other) => this.open.clientUri(other)) });
      findings += result?.findings.length ?? 0;
      progress(index + 1, keys.length);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { files: keys.length, findings, cancelled: false };
  }

  /**
   * Applies a change to the analyzer's copy of one file. When the copy really changed, the open
   * documents whose findings read it (a Service selecting their pods, the Dockerfile of their
   * image) are validated again. Re-validating a reader leaves its own copy as it was, so this
   * never cascades.
   */
  private changeFile(key: string, change: () => void): void {
    const before = this.analyzer.workspace.get(key);
    const readers = new Set(this.analyzer.dependents(key));
    change();
    if (this.analyzer.workspace.get(key) === before) return;
    for (const reader of this.analyzer.dependents(key)) readers.add(reader);
    for (const reader of readers) if (reader !== key && this.open.byKey(reader)) this.schedule(reader);
  }

  private publish(params: PublishDiagnosticsParams): void {
    this.connection.sendDiagnostics(params).catch((error: unknown) => this.log(`could not publish diagnostics for ${params.uri}: ${describeError(error)}`));
  }
}
