import type { Node } from 'yaml';
import { drainTimeoutOf, PHP_FPM_PROCESS_CONTROL_TIMEOUT, SPRING_SHUTDOWN, type DrainTimeoutFact } from '../knowledge/drain-timeouts';
import { imageSignalFact } from '../knowledge/image-signals';
import { linkedConfig, phpFpmConfigRoot, springAppRoot } from '../model/config-link';
import { workspaceBuildOf, type ImageBuild } from '../model/image-source';
import type { Container, PodTemplate } from '../model/kubernetes';
import { podLoadBalancers, type LoadBalancer } from '../model/load-balancer';
import { globalDirective, phpFpmSeconds } from '../model/php-fpm';
import { serverOf, type RecognisedServer } from '../model/server-process';
import { argvWordNode } from '../model/shell-invocation';
import { springDurationSeconds, springSetting } from '../model/spring';
import { nodeRange } from '../parse/kubernetes';
import type { SourceText } from '../source';
import type { SourceLocation } from '../types';
import type { TimelineContext } from './timeline';
import { formatSeconds, type ContainerShutdown } from './timeline';

/**
 * How long a container needs after its stop signal to finish what it has in flight, from what the
 * workspace says: the server's own timeout on its command line (gunicorn, Sidekiq, Puma, uWSGI),
 * Spring Boot's and php-fpm's configuration files, else a server's documented default
 * (FACTS §7, §10, §11), else the `drainBudgetSeconds` setting.
 */

/**
 * Added to a known drain timeout (FACTS §12.3 "+ margin"): the timeout bounds the wait for
 * requests, not the exit. After it the process still runs the rest of its shutdown (Spring's later
 * lifecycle phases, each with its own timeout, FACTS §10; closing pools, flushing logs), and the
 * kubelet itself treats 2 s as the least a process needs to stop (FACTS §1c). 5 s covers that
 * without making pods linger.
 */
export const DRAIN_MARGIN_SECONDS = 5;

export interface DrainSource {
  /** The setting as messages name it: "gunicorn --graceful-timeout", "Spring timeout-per-shutdown-phase". */
  what: string;
  seconds: number;
  /** 'set': written in the workspace; 'default': the documented default of a server the workspace runs. */
  basis: 'set' | 'default';
  /** Where it is written, or where the server is named for a default. */
  where?: SourceLocation;
}

export interface Drain {
  /** Seconds the container needs after its stop signal. */
  seconds: number;
  /** How sure: as its source, or 'budget' when nothing in the workspace tells (the drainBudgetSeconds setting). */
  basis: 'set' | 'default' | 'budget';
  /** The number behind `seconds`: the longest of the servers the container runs; empty for the budget. */
  sources: DrainSource[];
}

/** What the drain reads: the timeline's context without the Kubernetes version. */
export type DrainContext = Omit<TimelineContext, 'kubernetesVersion'>;

export function containerDrain(container: Container, context: DrainContext): Drain {
  const build = workspaceBuildOf(container.image, context.workspace.dockerfiles());
  const sources = [...serverSources(container, build, context), springSource(build, context)]
    .filter((source): source is DrainSource => source !== undefined);
  if (sources.length === 0) return { seconds: context.drainBudgetSeconds, basis: 'budget', sources: [] };
  // Servers in one container stop in parallel: the slowest decides.
  const longest = sources.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  return { seconds: longest.seconds, basis: longest.basis, sources: [longest] };
}

function serverSources(container: Container, build: ImageBuild | undefined, context: DrainContext): (DrainSource | undefined)[] {
  const recognised = serverOf(container.image, build, context.images, { command: container.command, args: container.args });
  // A server we only guess at (a package installed, a command we cannot read) gives no number.
  if (!recognised || recognised.confidence !== 'certain') return [];
  if (recognised.server.id === 'php-fpm') return [phpFpmSource(container, build, context)];
  const fact = drainTimeoutOf(recognised.server.id);
  if (!fact) return [];
  const where = locateWord(container, context.source, recognised, (argv, index) => argv[index].includes(recognised.argv?.[0] ?? recognised.server.name));
  const options = recognised.argv?.slice(1);
  if (options) {
    const option = optionValue(options, fact);
    if (option) {
      const seconds = /^\d+$/.test(option.value ?? '') ? Number(option.value) : undefined;
      // `--graceful-timeout $TIMEOUT`: set, to a value we cannot read; the default would be wrong.
      if (seconds === undefined) return [];
      return [{
        what: fact.setting, seconds, basis: 'set',
        // The value's own word: `--graceful-timeout=45`, or the `45` after `--graceful-timeout`.
        where: locateWord(container, context.source, recognised, (argv, index) => (option.inline
          ? argv[index] === option.word : argv[index - 1] === option.word && argv[index] === option.value)),
      }];
    }
  }
  if (fact.defaultApplies && !(options && fact.defaultApplies(options))) return [];
  if (fact.defaultSeconds === undefined) return [];
  return [{ what: `${fact.setting} (default)`, seconds: fact.defaultSeconds, basis: 'default', where }];
}

/** The last `--name N`, `--name=N`, `-t N` or `-tN` among a server's options, as its option parser keeps the last. */
export function optionValue(options: string[], fact: DrainTimeoutFact): { word: string; value?: string; inline: boolean } | undefined {
  let found: { word: string; value?: string; inline: boolean } | undefined;
  options.forEach((word, index) => {
    if (word === fact.long || word === fact.short) found = { word, value: options[index + 1], inline: false };
    else if (fact.long && word.startsWith(`${fact.long}=`)) found = { word, value: word.slice(fact.long.length + 1), inline: true };
    else if (fact.short && word.startsWith(fact.short) && /^\d+$/.test(word.slice(fact.short.length))) found = { word, value: word.slice(fact.short.length), inline: true };
  });
  return found;
}

/**
 * Where a word of the server's command is written: its own item of the manifest's `command`/`args`,
 * the `sh -c` script item that holds it, the Dockerfile instruction that runs it, else the container.
 */
function locateWord(container: Container, source: SourceText, recognised: RecognisedServer, matches: (argv: string[], index: number) => boolean): SourceLocation {
  const argv = [...(container.command ?? []), ...(container.args ?? [])];
  let node: Node | undefined;
  const exact = argv.findIndex((_word, index) => matches(argv, index));
  if (exact >= 0) node = argvWordNode(exact, container.commandNode, container.argsNode);
  if (!node && argv.length > 0 && !recognised.location) {
    const holder = argv.findIndex((word) => /\s/.test(word) && recognised.argv?.some((part) => word.includes(part)));
    node = holder >= 0 ? argvWordNode(holder, container.commandNode, container.argsNode) : undefined;
  }
  if (node) return { uri: source.uri, range: nodeRange(source, node) };
  return recognised.location ?? { uri: source.uri, range: nodeRange(source, container.anchorNode) };
}

/**
 * php-fpm waits `process_control_timeout` for its children after SIGQUIT. Read from the php-fpm
 * configuration the container's image is built with. Unset, it is 0 (FACTS §7; the official images
 * set none, FACTS §6): php-fpm then cuts its requests at once, which says nothing about how long
 * they take — a defect of its own, not a drain time to size the grace period by — so no number.
 */
function phpFpmSource(container: Container, build: ImageBuild | undefined, context: DrainContext): DrainSource | undefined {
  const key = PHP_FPM_PROCESS_CONTROL_TIMEOUT.key;
  // An official image holds none of the workspace's files; an image of the user's own may be built from them elsewhere.
  const fact = build ? undefined : imageSignalFact(container.image ?? '', context.images);
  const officialImage = fact?.official === true && fact.runs === 'php-fpm';
  const linked = officialImage ? undefined : linkedConfig(context.workspace.phpFpmConfigs(), phpFpmConfigRoot, build, 'php-fpm');
  const found = linked && globalDirective(linked.files, key);
  if (found) {
    const seconds = phpFpmSeconds(found.directive.value);
    return seconds === undefined ? undefined : {
      what: `php-fpm ${key}`, seconds, basis: 'set', where: { uri: found.file.source.uri, range: found.directive.valueRange },
    };
  }
  return undefined;
}

/**
 * Spring Boot waits up to `spring.lifecycle.timeout-per-shutdown-phase` per lifecycle phase
 * (default 30 s, FACTS §10). Only for the one Spring app in the folder of the Dockerfile that builds
 * the image: nothing else in a pod spec says a container is a Spring app. Without the timeout,
 * the default counts only where `server.shutdown=graceful` says the app drains at all (the default
 * since Boot 3.4, whose version the workspace may not tell).
 */
function springSource(build: ImageBuild | undefined, context: DrainContext): DrainSource | undefined {
  const linked = linkedConfig(context.workspace.springConfigs(), springAppRoot, build);
  if (!linked) return undefined;
  const at = (found: NonNullable<ReturnType<typeof springSetting>>): SourceLocation => ({ uri: found.file.source.uri, range: found.property.valueRange });
  const timeout = springSetting(linked.files, SPRING_SHUTDOWN.timeoutKey);
  if (timeout) {
    const seconds = springDurationSeconds(timeout.property.value);
    return seconds === undefined || seconds < 0 ? undefined : { what: 'Spring timeout-per-shutdown-phase', seconds, basis: 'set', where: at(timeout) };
  }
  const mode = springSetting(linked.files, SPRING_SHUTDOWN.modeKey);
  const value = mode?.property.value.trim().toLowerCase();
  if (mode && value === 'graceful') {
    return { what: 'Spring timeout-per-shutdown-phase (default, with server.shutdown=graceful)', seconds: SPRING_SHUTDOWN.timeoutDefaultSeconds, basis: 'default', where: at(mode) };
  }
  if (mode && value === 'immediate') return { what: 'Spring server.shutdown=immediate', seconds: 0, basis: 'set', where: at(mode) };
  return undefined;
}

/** A load balancer's draining window that a pod must outlive, counted from the pod's deletion. */
export interface LoadBalancerHold {
  what: string;
  seconds: number;
  where: SourceLocation;
}

/**
 * The draining the workspace writes for load balancers that send to the pod's IP (FACTS §4, §9):
 * they deregister the pod at about the time it is deleted and keep the requests in flight for
 * that long, so the pod has to be there to answer them. `loadBalancers`: the workspace's, from
 * model/load-balancer.ts `workspaceLoadBalancers`, read once per analysis.
 */
export function loadBalancerHolds(pod: PodTemplate, loadBalancers: LoadBalancer[]): LoadBalancerHold[] {
  const holds: LoadBalancerHold[] = [];
  for (const loadBalancer of podLoadBalancers(pod, loadBalancers)) {
    const { seconds, explicit, where } = loadBalancer.draining;
    if (!explicit || seconds === undefined || seconds <= 0 || !where) continue;
    holds.push({ what: `${loadBalancer.fact.name} ${loadBalancer.fact.drainingName} of ${loadBalancer.ownerLabel}`, seconds, where });
  }
  return holds;
}

/** One number of the grace period a container needs, for messages. */
export interface NeedTerm {
  what: string;
  seconds: number;
  where?: SourceLocation;
}

export interface GraceNeed {
  /** What terminationGracePeriodSeconds should be at least: the terms added up. */
  seconds: number;
  /**
   * Below this the container is killed while it still has work it means to finish (preStop +
   * drain, or a load balancer's window); between it and `seconds` only the margin is missing.
   */
  critical: number;
  terms: NeedTerm[];
  /** What decides: the app's preStop and drain, or a load balancer's window. */
  kind: 'app' | 'load-balancer';
  /** How sure the decisive number is: the drain's basis, 'set' for a load balancer's written window. */
  basis: Drain['basis'];
}

/**
 * The grace period a container needs (FACTS §1b, §12.3): its preStop delay, then its drain, plus
 * the margin after a known drain timeout. With nothing known about the app, the drain budget is a
 * budget, not a timeout, so no margin is added; a load balancer that keeps requests to the pod in
 * flight for longer is then the better evidence of how long they may last.
 */
export function graceNeed(shutdown: ContainerShutdown, drain: Drain, holds: LoadBalancerHold[]): GraceNeed {
  const preStop = shutdown.preStop.seconds ?? 0;
  const terms: NeedTerm[] = preStop > 0 ? [{ what: 'preStop', seconds: preStop, where: undefined }] : [];
  if (drain.basis !== 'budget') {
    const source = drain.sources[0];
    terms.push({ what: source.what, seconds: drain.seconds, where: source.where }, { what: 'margin', seconds: DRAIN_MARGIN_SECONDS });
    return { seconds: preStop + drain.seconds + DRAIN_MARGIN_SECONDS, critical: preStop + drain.seconds, terms, kind: 'app', basis: drain.basis };
  }
  const hold = holds.reduce<LoadBalancerHold | undefined>((a, b) => (a && a.seconds >= b.seconds ? a : b), undefined);
  if (hold && hold.seconds > preStop + drain.seconds) {
    return { seconds: hold.seconds, critical: hold.seconds, terms: [{ what: hold.what, seconds: hold.seconds, where: hold.where }], kind: 'load-balancer', basis: 'set' };
  }
  terms.push({ what: 'drain budget', seconds: drain.seconds });
  return { seconds: preStop + drain.seconds, critical: preStop + drain.seconds, terms, kind: 'app', basis: 'budget' };
}

/** "gunicorn --graceful-timeout 60 s (deploy.yaml:21)", as a term reads in a sum. */
export function describeTerm(term: NeedTerm, fromUri: string): string {
  return `${term.what} ${formatSeconds(term.seconds)}${term.where ? ` (${locationLabel(term.where, fromUri)})` : ''}`;
}

/** "src/main/resources/application.yml:4": the path from the folder two files share, and the 1-based line. */
export function locationLabel(where: SourceLocation, fromUri: string): string {
  const target = where.uri.split('/');
  const from = fromUri.split('/');
  let common = 0;
  while (common < target.length - 1 && common < from.length - 1 && target[common] === from[common]) common++;
  const path = target.slice(common).map((part) => { try { return decodeURIComponent(part); } catch { return part; } }).join('/');
  return `${path}:${where.range.start.line + 1}`;
}
