import { baseImageShell, type BaseImageShell } from '../knowledge/base-images';
import type { DockerfileModel } from './dockerfile';
import { rootImage } from './dockerfile-image';
import { workspaceBuildOf } from './image-source';

/** What `/bin/sh` is in a container's image, and how we came to know it. */
export interface ImageShell extends BaseImageShell {
  /**
   * 'image': the image reference itself is a known one. 'workspace': a Dockerfile of the workspace,
   * linked to the image by name, builds it FROM a known one; the link is an inference, and that
   * Dockerfile may copy a shell or BusyBox in, so rules say less about it.
   */
  via: 'image' | 'workspace';
  /**
   * A clause for messages: "`gcr.io/distroless/static` has no shell (a distroless image)",
   * "php/Dockerfile (…) builds it FROM `scratch`, which has no shell (…)".
   */
  reason: string;
}

export function imageShell(image: string | undefined, dockerfiles: DockerfileModel[]): ImageShell | undefined {
  if (!image) return undefined;
  const known = baseImageShell(image);
  if (known) return { ...known, via: 'image', reason: `\`${image}\` has ${known.description}` };
  const build = workspaceBuildOf(image, dockerfiles);
  const base = build && rootImage(build.stage);
  const inherited = base === undefined ? undefined : baseImageShell(base);
  return build && inherited
    ? { ...inherited, via: 'workspace', reason: `${build.reason} builds it FROM \`${base}\`, which has ${inherited.description}` }
    : undefined;
}
