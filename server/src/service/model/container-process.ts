import type { ServerFact } from '../knowledge/servers';
import type { SourceText } from '../source';
import type { DockerfileModel } from './dockerfile';
import { workspaceBuildOf } from './image-source';
import type { Container } from './kubernetes';
import { serverOf } from './server-process';

/**
 * The servers a container is known to run: its command/args, else the CMD/ENTRYPOINT of the
 * workspace Dockerfile that builds its image, else an official image's own server — read once,
 * by model/server-process.ts, for every rule. Only what is certain: a package a Dockerfile
 * installs says a server is there, not that the container runs it.
 */
export function containerServers(container: Container, _source: SourceText, dockerfiles: DockerfileModel[]): { server: ServerFact }[] {
  const recognised = serverOf(container.image, workspaceBuildOf(container.image, dockerfiles), { command: container.command, args: container.args });
  return recognised?.confidence === 'certain' ? [{ server: recognised.server }] : [];
}
