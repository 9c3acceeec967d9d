import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The analyzer knows each file under one key. Editors spell file URIs their own way (VS Code
 * percent-encodes `:` after a Windows drive letter, `@`, `(`...), while files found on disk get
 * Node's spelling; without one canonical form an open document and its scanned copy on disk
 * would be two files, and a Service would select its pods twice.
 */
export function fileKey(uri: string): string {
  const path = filePathOf(uri);
  return path === undefined ? uri : fileKeyOfPath(path);
}

export function fileKeyOfPath(path: string): string {
  return pathToFileURL(path).href.replace(/^file:\/\/\/([A-Z]):/, (_match, drive: string) => `file:///${drive.toLowerCase()}:`);
}

/** The local path of a file: URI; undefined for other schemes (untitled:, a remote file system). */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
