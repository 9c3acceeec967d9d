/**
 * Images that ship no shell, no `sleep` and no other userland program: an `exec` hook or a
 * shell-form command fails in them at once (FACTS §1e, §12.5). The one place this is known;
 * base-images.ts derives its "no shell" flavour from it. A new image family is one entry and one test.
 */
export interface ImageWithoutShell {
  /** For messages: "a distroless image". */
  description: string;
  /** Where it is documented that the image has no shell. */
  source: string;
}

interface Entry extends ImageWithoutShell {
  /** Matched against the repository path without registry and tag ("gcr.io/distroless/static" → "distroless/static"). */
  repository: RegExp;
  /** Tags of the family that do carry a shell (BusyBox in distroless `:debug`). */
  shellTags?: RegExp;
}

const entries: Entry[] = [
  {
    repository: /^distroless\/.+$/, shellTags: /debug/, description: 'a distroless image',
    // "Distroless images … do not contain package managers, shells or any other programs"; `:debug` adds a BusyBox shell.
    source: 'https://github.com/GoogleContainerTools/distroless#debug-images',
  },
  {
    repository: /^chainguard\/static$/, shellTags: /debug|dev/, description: "Chainguard's static image",
    // "Base images with the minimum contents needed to run static binaries."
    source: 'https://edu.chainguard.dev/chainguard/chainguard-images/reference/static/',
  },
  {
    repository: /^scratch$/, description: '`scratch`, the empty image',
    source: 'https://docs.docker.com/build/building/base-images/#create-a-minimal-base-image-using-scratch',
  },
];

/** The entry for an image reference already split into repository and tag, when it has no shell. */
export function imageWithoutShell(repository: string, tag: string | undefined): ImageWithoutShell | undefined {
  const entry = entries.find((candidate) => candidate.repository.test(repository) && !candidate.shellTags?.test(tag ?? ''));
  return entry && { description: entry.description, source: entry.source };
}

/**
 * Programs that come with a distribution's userland (shells, coreutils, procps, BusyBox, HTTP
 * clients) and are therefore missing from every image above. An exec hook that runs the app's own
 * binary may still work there; one that runs these cannot.
 */
const userlandPrograms = new Set([
  'sh', 'bash', 'dash', 'ash', 'ksh', 'zsh', 'busybox', 'env', 'sleep', 'timeout', 'true',
  'kill', 'pkill', 'killall', 'pgrep', 'curl', 'wget',
]);

/** Whether a program (as written in an argv, with or without a path) belongs to a distribution's userland. */
export function isUserlandProgram(program: string): boolean {
  return userlandPrograms.has(program.slice(program.lastIndexOf('/') + 1));
}
