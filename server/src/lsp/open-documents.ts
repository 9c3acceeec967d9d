import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { Language } from '../service';
import { fileKey } from './uris';

/**
 * The editor's documents by analyzer key. The editor's own spelling of each uri is kept, because
 * diagnostics and edits must go back under the uri the editor knows the document by.
 */
export class OpenDocuments {
  private readonly uriByKey = new Map<string, string>();

  constructor(private readonly documents: TextDocuments<TextDocument>) {}

  opened(document: TextDocument): string {
    const key = fileKey(document.uri);
    this.uriByKey.set(key, document.uri);
    return key;
  }

  closed(document: TextDocument): string {
    const key = fileKey(document.uri);
    this.uriByKey.delete(key);
    return key;
  }

  byKey(key: string): TextDocument | undefined {
    const uri = this.uriByKey.get(key);
    return uri === undefined ? undefined : this.documents.get(uri);
  }

  keys(): string[] {
    return [...this.uriByKey.keys()];
  }

  clientUri(key: string): string {
    return this.uriByKey.get(key) ?? key;
  }
}

/**
 * The editor's language id names a language only where a file's name cannot: a Dockerfile called
 * `web.docker`, a script without extension. YAML gets no hint: a YAML file is ours only when it
 * has apiVersion and kind, which the service checks itself.
 */
export function languageHint(languageId: string): Language | undefined {
  if (languageId === 'dockerfile') return 'dockerfile';
  if (languageId === 'shellscript') return 'shell';
  return undefined;
}
