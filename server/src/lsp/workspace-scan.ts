import * as path from 'node:path';
import type { InitializeParams } from 'vscode-languageserver/node';
import { findFiles } from '../node/files';
import type { Analyzer } from '../service';
import { fileKeyOfPath, filePathOf } from './uris';

/**
 * The workspace folders on the local disk. Their files take part in the analysis even when not
 * open: a Service in one file decides whether the Deployment in another serves traffic.
 */
export class WorkspaceFolders {
  private constructor(private readonly paths: string[]) {}

  static of(params: InitializeParams): WorkspaceFolders {
    const uris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    return new WorkspaceFolders(uris.map(filePathOf).filter((folder): folder is string => folder !== undefined));
  }

  /** Feeds every file of ours in the folders to the analyzer; returns the paths that could not be read. */
  scan(analyzer: Analyzer): { path: string; message: string }[] {
    if (this.paths.length === 0) return [];
    const { files, errors } = findFiles(this.paths);
    for (const file of files) analyzer.setFile(fileKeyOfPath(file.path), file.text);
    return errors;
  }

  /**
   * Brings the analyzer's copy of a file the editor does not hold in line with the disk: re-read,
   * or dropped when it is gone, no longer ours, or outside the folders (a closed document from
   * elsewhere must not keep selecting pods).
   */
  reload(analyzer: Analyzer, key: string): void {
    const filePath = filePathOf(key);
    const found = filePath !== undefined && this.contains(filePath) ? findFiles([filePath]).files[0] : undefined;
    if (found) analyzer.setFile(key, found.text);
    else analyzer.removeFile(key);
  }

  private contains(filePath: string): boolean {
    return this.paths.some((folder) => {
      const relative = path.relative(folder, filePath);
      return relative !== '' && relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative);
    });
  }
}
