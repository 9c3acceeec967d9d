import type { CopyInstruction, DockerfileModel, DockerStage } from './dockerfile';
import { stageChain } from './dockerfile-image';
import { imageBaseName, normalizeImagePath, resolveImagePath } from './image-path';

/**
 * Which file of the workspace a path inside an image is, through the COPY and ADD instructions
 * of the Dockerfile that builds it: the build context is the Dockerfile's folder (as `docker build
 * <folder>` with the Dockerfile in it). Only an unambiguous answer counts: a file that may come
 * from another stage, a URL or a here-document is no workspace file.
 */

/** What put a file at a path of the image. */
export type ImageFileOrigin =
  /** A file of the build context: `uri` is the workspace file. */
  | { kind: 'context'; uri: string }
  /** Something we cannot read: `COPY --from`, a remote ADD, a here-document, or a directory copy that may hold it. */
  | { kind: 'elsewhere' };

/** "file:///w/php/" for "file:///w/php/Dockerfile": where relative COPY sources are read from. */
export function buildContextUri(dockerfile: DockerfileModel): string {
  const uri = dockerfile.source.uri;
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

function decoded(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

/** The path of a workspace file relative to a build context, or undefined when it lies outside. */
export function contextPath(contextUri: string, fileUri: string): string | undefined {
  const context = decoded(contextUri);
  const file = decoded(fileUri);
  return file.startsWith(context) ? file.slice(context.length) : undefined;
}

const remote = /^[a-z][a-z0-9+.-]*:\/\/|^git@/i;
const glob = /[*?[]/;

/** A COPY source as a path in the context: `./bin/` → `bin`, `.` → ``. */
function contextSource(source: string): string {
  return normalizeImagePath(source).replace(/^\//, '');
}

/** A Docker glob (filepath.Match: `*`, `?`, `[…]` within one path segment) as a RegExp. */
function globPattern(pattern: string): RegExp {
  let source = '';
  for (const char of pattern) source += char === '*' ? '[^/]*' : char === '?' ? '[^/]' : /[[\]]/.test(char) ? char : char.replace(/[.+^${}()|\\]/g, '\\$&');
  return new RegExp(`^${source}$`);
}

/** The destination as an absolute path, or undefined when it needs a variable or an unknown WORKDIR. */
function destinationPath(copy: CopyInstruction): string | undefined {
  if (!copy.destination || copy.destination.includes('$')) return undefined;
  if (copy.destination.startsWith('/')) return normalizeImagePath(copy.destination);
  return copy.workdir === undefined ? undefined : resolveImagePath(copy.workdir, copy.destination);
}

/**
 * What `copy` puts at `imagePath`, if anything: `{ path }` for a file of the context, `{}` for one
 * from elsewhere. `exists(path)` says whether the workspace holds a file at that context path. A
 * source may be a file or a folder: a folder's files land under the destination, a file at the
 * destination or, when that is a folder, in it.
 */
function provides(copy: CopyInstruction, imagePath: string, exists: (path: string) => boolean): { path?: string } | undefined {
  const destination = destinationPath(copy);
  if (destination === undefined) return undefined;
  if (copy.heredoc) return imagePath === destination ? {} : undefined;
  const intoFolder = copy.destination.endsWith('/') || copy.sources.length > 1;
  // `COPY start.sh /usr/local/bin` copies into the folder when the image already has one there.
  const landsAt = (source: string) => (!intoFolder && imagePath === destination) || imagePath === resolveImagePath(destination, imageBaseName(source));
  const prefix = destination === '/' ? '/' : `${destination}/`;
  const under = imagePath.startsWith(prefix) ? imagePath.slice(prefix.length) : undefined;
  for (const source of copy.sources) {
    if (copy.from !== undefined || remote.test(source)) {
      // From another stage or image, the source may be a folder: anything under the destination may be its.
      if (landsAt(source) || (under !== undefined && copy.from !== undefined)) return {};
      continue;
    }
    const path = contextSource(source);
    if (glob.test(path)) {
      // Each match is copied into the destination folder under its own name.
      const folder = path.slice(0, path.lastIndexOf('/') + 1);
      const candidate = under !== undefined && !under.includes('/') ? `${folder}${under}` : undefined;
      if (candidate !== undefined && globPattern(path).test(candidate) && exists(candidate)) return { path: candidate };
      continue;
    }
    if (path !== '' && landsAt(path) && exists(path)) return { path };
    const inFolder = under === undefined ? undefined : path === '' ? under : `${path}/${under}`;
    if (inFolder !== undefined && exists(inFolder)) return { path: inFolder };
  }
  return undefined;
}

/**
 * Where the file at `imagePath` of the image `stage` builds comes from: the last COPY or ADD of the
 * stage and the stages it is built FROM that puts a file there wins, as in the image's layers.
 */
export function imageFileOrigin(dockerfile: DockerfileModel, stage: DockerStage, imagePath: string, workspaceUris: string[]): ImageFileOrigin | undefined {
  const context = buildContextUri(dockerfile);
  const inContext = new Map<string, string>();
  for (const uri of workspaceUris) {
    const path = contextPath(context, uri);
    if (path !== undefined) inContext.set(path, uri);
  }
  for (const current of stageChain(stage)) {
    for (const copy of [...current.copies].reverse()) {
      const found = provides(copy, normalizeImagePath(imagePath), (path) => inContext.has(path));
      if (!found) continue;
      return found.path !== undefined ? { kind: 'context', uri: inContext.get(found.path)! } : { kind: 'elsewhere' };
    }
  }
  return undefined;
}

/** The COPY or ADD of a Dockerfile that takes a workspace file from its build context (by name, folder or glob). */
export function copyOf(dockerfile: DockerfileModel, fileUri: string): CopyInstruction | undefined {
  const path = contextPath(buildContextUri(dockerfile), fileUri);
  if (path === undefined) return undefined;
  for (const stage of dockerfile.stages) {
    for (const copy of stage.copies) {
      if (copy.from !== undefined || copy.heredoc) continue;
      const taken = copy.sources.some((source) => {
        if (remote.test(source)) return false;
        const from = contextSource(source);
        return from === '' || from === path || path.startsWith(`${from}/`) || (glob.test(from) && globPattern(from).test(path));
      });
      if (taken) return copy;
    }
  }
  return undefined;
}
