/**
 * Paths inside an image, as the builder resolves them: always POSIX, `.` and `..` folded, no
 * trailing slash except for the root.
 */

/** `/usr/local//bin/./x` → `/usr/local/bin/x`; a relative path stays relative. */
export function normalizeImagePath(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  const joined = parts.join('/');
  return absolute ? `/${joined}` : joined;
}

/** `path` resolved against the directory `dir` (absolute); an absolute `path` ignores `dir`. */
export function resolveImagePath(dir: string, path: string): string {
  return normalizeImagePath(path.startsWith('/') ? path : `${dir}/${path}`);
}

/** The folder part: `/usr/local/bin/x.sh` → `/usr/local/bin`. */
export function imageDirName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

/** The last part: `/usr/local/bin/x.sh` → `x.sh`. */
export function imageBaseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
