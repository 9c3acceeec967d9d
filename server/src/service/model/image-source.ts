import { baseName } from '../detect';
import { parseImageReference } from '../knowledge/base-images';
import type { DockerfileModel, DockerStage } from './dockerfile';
import { finalStage } from './dockerfile-image';

/** A Dockerfile of the workspace that builds a container's image, and why we think so. */
export interface ImageBuild {
  dockerfile: DockerfileModel;
  stage: DockerStage;
  /** For messages: "php/Dockerfile (the image is named after its folder)". */
  reason: string;
}

/** "php" for Dockerfile.php, php.Dockerfile and the folder php/ holding a Dockerfile. */
function namesOf(dockerfile: DockerfileModel): string[] {
  // Every container of every manifest asks about every Dockerfile: work each one's names out once.
  let names = dockerfileNames.get(dockerfile);
  if (!names) {
    names = imageNamesOf(dockerfile);
    dockerfileNames.set(dockerfile, names);
  }
  return names;
}

const dockerfileNames = new WeakMap<DockerfileModel, string[]>();

function imageNamesOf(dockerfile: DockerfileModel): string[] {
  const parts = dockerfile.source.uri.split('/');
  const file = baseName(dockerfile.source.uri);
  const names: string[] = [];
  const suffix = /^(?:Dockerfile|Containerfile)[.-](.+)$/i.exec(file)?.[1];
  const prefix = /^(.+)\.(?:Dockerfile|Containerfile)$/i.exec(file)?.[1];
  if (suffix) names.push(suffix);
  if (prefix) names.push(prefix);
  if (!suffix && !prefix && parts.length >= 2) names.push(baseName(parts[parts.length - 2]));
  return names.map((name) => name.toLowerCase());
}

/**
 * The workspace Dockerfile that builds `image`, matched by name: the last segment of the image's
 * repository (`registry.example.com/shop/php:2.3` → `php`) against the Dockerfile's folder or its
 * name suffix. When several match, none is chosen: a wrong link would put findings on the wrong file.
 */
export function workspaceBuildOf(image: string | undefined, dockerfiles: DockerfileModel[]): ImageBuild | undefined {
  if (!image) return undefined;
  const repository = parseImageReference(image).repository;
  const name = repository.slice(repository.lastIndexOf('/') + 1);
  const matches = dockerfiles.filter((dockerfile) => namesOf(dockerfile).includes(name));
  if (matches.length !== 1) return undefined;
  const stage = finalStage(matches[0]);
  if (!stage) return undefined;
  const folderOrName = matches[0].source.uri.split('/').slice(-2).join('/');
  return { dockerfile: matches[0], stage, reason: `${decodeURIComponent(folderOrName)} (the image \`${image}\` is named after it)` };
}
