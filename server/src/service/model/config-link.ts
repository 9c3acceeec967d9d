import { baseName } from '../detect';
import type { SourceText } from '../source';
import type { ImageBuild } from './image-source';

/**
 * Which configuration files of the workspace a container runs with. Only said when it is
 * unambiguous: a wrong link would put another app's number in a message.
 */
export interface LinkedConfig<T> {
  files: T[];
  /** For messages: "php/Dockerfile builds the image and its folder holds them". */
  reason: string;
}

function folderOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/'));
}

/**
 * The folder a Spring Boot app lives in: the one holding `src/main/resources/`, else the folder of
 * the file (or of its `config/` folder, which Spring also reads). Test resources and build output
 * are not the app's configuration: undefined.
 */
export function springAppRoot(uri: string): string | undefined {
  if (/\/src\/test\/|\/target\/|\/build\/(resources|classes)\//.test(uri)) return undefined;
  const resources = uri.indexOf('/src/main/resources/');
  if (resources >= 0) return uri.slice(0, resources);
  const folder = folderOf(uri);
  return baseName(folder) === 'config' ? folderOf(folder) : folder;
}

/** The folder a php-fpm configuration lives in: the parent of its pool directory (php-fpm.d/, pool.d/), else the file's folder. */
export function phpFpmConfigRoot(uri: string): string | undefined {
  const folder = folderOf(uri);
  return /^(php-fpm\.d|pool\.d)$/i.test(baseName(folder)) ? folderOf(folder) : folder;
}

/**
 * The files of the one app or configuration a container runs with: the one under the folder of
 * the workspace Dockerfile that builds its image (the build context), or — when `onlyOfKind`
 * allows and no Dockerfile is linked — the only one the workspace has.
 */
export function linkedConfig<T extends { source: SourceText }>(
  files: T[], rootOf: (uri: string) => string | undefined, build: ImageBuild | undefined, onlyOfKind?: string,
): LinkedConfig<T> | undefined {
  const byRoot = new Map<string, T[]>();
  for (const file of files) {
    const root = rootOf(file.source.uri);
    if (root !== undefined) byRoot.set(root, [...(byRoot.get(root) ?? []), file]);
  }
  if (build) {
    const context = folderOf(build.dockerfile.source.uri);
    const inside = [...byRoot.entries()].filter(([root]) => root === context || root.startsWith(`${context}/`));
    if (inside.length !== 1) return undefined;
    return { files: inside[0][1], reason: `${build.reason} builds the image, and its folder holds them` };
  }
  if (onlyOfKind === undefined || byRoot.size !== 1) return undefined;
  return { files: [...byRoot.values()][0], reason: `the only ${onlyOfKind} configuration in the workspace` };
}
