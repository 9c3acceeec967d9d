import { isMap, isNode } from 'yaml';
import { baseName } from '../../detect';
import { setGracePeriodEdit } from '../../fix/grace-period';
import { addSpringProperty, replaceSpringValue } from '../../fix/spring';
import { SPRING_SHUTDOWN } from '../../knowledge/drain-timeouts';
import { defaultShutdown, hasShutdownProperty } from '../../knowledge/spring-boot';
import { linkedConfig, springAppRoot } from '../../model/config-link';
import { finalStage, stageChain } from '../../model/dockerfile-image';
import type { ImageBuild } from '../../model/image-source';
import { instructionArgv, shortPath } from '../../model/server-process';
import {
  canonicalKey, profileOfFileName, springDurationSeconds, springSetting, type SpringConfigFile, type SpringProperty,
} from '../../model/spring';
import { springBootBuild, type BootBuild } from '../../model/spring-boot-build';
import { nodeRange } from '../../parse/kubernetes';
import { pairOf } from '../../parse/yaml-nodes';
import { configPods, describePodWindow, unambiguousPod, type ConfigPod } from '../../shutdown/config-pod';
import { DRAIN_MARGIN_SECONDS } from '../../shutdown/drain';
import { formatSeconds } from '../../shutdown/timeline';
import type { Range, RelatedLocation } from '../../types';
import { defineRule, type FixSpec, type RuleContext } from '../rule';

type Context = RuleContext<SpringConfigFile>;

const POM_33 = `<project>
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.3.5</version>
  </parent>
  <artifactId>orders</artifactId>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>
  </dependencies>
</project>
`;

export default defineRule({
  meta: {
    id: 'spring/graceful-shutdown',
    language: 'spring',
    defaultSeverity: 'warning',
    summary: 'Finds Spring Boot apps whose web server stops immediately on SIGTERM, and shutdown-phase timeouts longer than the pod allows.',
    rationale: [
      'On SIGTERM the JVM runs Spring\'s shutdown. With `server.shutdown=immediate` the embedded web server (Tomcat,',
      'Jetty, Reactor Netty, Undertow) stops at once and every request in flight fails; with `graceful` it stops',
      'accepting and waits up to `spring.lifecycle.timeout-per-shutdown-phase` (default 30 s) for them (FACTS §10).',
      'The default was IMMEDIATE up to Spring Boot 3.3.x and is GRACEFUL since 3.4.0, so an app on 3.3 or older that',
      'does not set it drops its requests on every rolling update. The Boot version is read from the build files of the',
      'app\'s folder (the one holding `src/main/resources`): the `spring-boot-starter-parent` or a parent POM of the',
      'workspace, the imported `spring-boot-dependencies` BOM, `${…}` properties, the `org.springframework.boot` Gradle',
      'plugin (also through `libs.versions.toml`); only literal versions count. Without a known version nothing is said',
      'about a missing setting. A setting in any profile file (`application-prod.yml`), or `server.shutdown` on the',
      'command line of the image, counts as set. The finding is a warning when the build has a web starter, else a hint.',
      '',
      'An explicit `server.shutdown: immediate` is reported wherever it is; in a profile-specific file or document, or',
      'when a profile sets `graceful`, only as information, since which profile a pod runs is decided at deploy time.',
      '',
      'Graceful shutdown has to fit in the pod\'s grace period: the kubelet sends SIGKILL `terminationGracePeriodSeconds`',
      'after the pod is deleted, preStop hook included (FACTS §1b, §12.3). When a workspace manifest runs the image that',
      'a workspace Dockerfile builds from the app\'s folder, and all such pods agree, a `timeout-per-shutdown-phase`',
      'longer than the time between SIGTERM and SIGKILL is reported (a hint when only the 5 s margin for the rest of the',
      'shutdown is missing).',
    ].join('\n'),
    facts: ['1b', '1d', '10', '12.3'],
    examples: {
      incorrect: [{
        description: 'Spring Boot 3.3 without `server.shutdown`: Tomcat stops immediately on SIGTERM.',
        filename: 'orders/src/main/resources/application.yml',
        code: 'spring:\n  application:\n    name: orders\nserver:\n  port: 8080\n',
        otherFiles: [{ filename: 'orders/pom.xml', code: POM_33 }],
      }, {
        description: 'An explicit `immediate`.',
        code: 'server.port=8080\nserver.shutdown=immediate\n',
      }],
      correct: [{
        description: 'Graceful shutdown, set explicitly.',
        filename: 'orders/src/main/resources/application.yml',
        code: 'server:\n  port: 8080\n  shutdown: graceful\n',
        otherFiles: [{ filename: 'orders/pom.xml', code: POM_33 }],
      }, {
        description: 'Spring Boot 3.4 shuts down gracefully by default.',
        filename: 'orders/src/main/resources/application.yml',
        code: 'server:\n  port: 8080\n',
        otherFiles: [{ filename: 'orders/pom.xml', code: POM_33.replace('3.3.5', '3.4.1') }],
      }],
    },
    fix: {
      description: 'Adds `server.shutdown: graceful` in the file\'s style (into an existing `server:` map, as a dotted key where the '
        + 'file writes dotted keys, else as a nested map; `server.shutdown=graceful` after the other `server.*` lines of a '
        + '`.properties` file) or replaces `immediate` with `graceful`. A shutdown-phase timeout longer than the pod allows is set '
        + 'to the time between SIGTERM and SIGKILL minus the 5 s margin; raising the pod\'s `terminationGracePeriodSeconds` '
        + 'instead is offered as a suggestion.',
      safety: 'safe',
      safetyNote: 'Requests in flight finish instead of failing; shutdown takes at most the phase timeout longer, within the '
        + 'grace period the pod already has. A profile that must stop immediately can still set it.',
    },
    references: [
      'https://docs.spring.io/spring-boot/reference/web/graceful-shutdown.html',
      'https://docs.spring.io/spring-boot/how-to/deployment/cloud.html#howto.deployment.cloud.kubernetes.container-lifecycle',
      'https://github.com/spring-projects/spring-boot/commit/814369e8b05',
    ],
  },
  check(ctx) {
    const { model } = ctx;
    const root = springAppRoot(model.source.uri);
    if (root === undefined) return;
    const app = ctx.workspace.springConfigs().filter((file) => springAppRoot(file.source.uri) === root);
    const build = springBootBuild(root, ctx.workspace.jvmBuildFiles());
    // Before 2.3 there is no graceful shutdown to switch on (FACTS §10).
    if (build?.version && !hasShutdownProperty(build.version.parsed)) return;
    const modes = app.flatMap((file) => file.properties
      .filter((property) => canonicalKey(property.key) === canonicalKey(SPRING_SHUTDOWN.modeKey))
      .map((property) => ({ file, property })));
    for (const { file, property } of modes) {
      if (file === model && property.value.trim().toLowerCase() === 'immediate') reportImmediate(ctx, property, modes.some((mode) => mode.property.profile !== undefined && mode.property.value.trim().toLowerCase() === 'graceful'));
    }
    const immediate = springSetting(app, SPRING_SHUTDOWN.modeKey)?.property.value.trim().toLowerCase() === 'immediate';
    if (modes.length === 0 && build) reportMissing(ctx, app, build);
    if (!immediate) checkTimeout(ctx, app);
  },
});

function reportImmediate(ctx: Context, property: SpringProperty, gracefulProfile: boolean): void {
  const { model } = ctx;
  const where = property.profile !== undefined ? ` (profile \`${property.profile}\`)` : '';
  ctx.report({
    range: property.valueRange,
    severity: property.profile !== undefined || gracefulProfile ? 'info' : undefined,
    message: `\`server.shutdown\` is \`immediate\`${where}: on SIGTERM the web server stops at once and the requests in flight fail `
      + `with it (FACTS §10). \`graceful\` lets them finish within \`spring.lifecycle.timeout-per-shutdown-phase\`.`
      + (gracefulProfile && property.profile === undefined ? ' A profile sets `graceful`; this applies wherever that profile is not active.' : ''),
    fix: { title: 'Set server.shutdown to graceful', safety: 'safe', edits: () => ({ [model.source.uri]: [replaceSpringValue(model, property, 'graceful')] }) },
  });
}

/** The file a missing setting is reported in and added to: a profile-less one, src/main/resources before config/, .properties first. */
function mainConfig(app: SpringConfigFile[]): SpringConfigFile | undefined {
  const candidates = app.filter((file) => profileOfFileName(baseName(file.source.uri)) === undefined);
  const rank = (file: SpringConfigFile) => (file.source.uri.includes('/config/') ? 2 : 0) + (file.format === 'properties' ? 0 : 1);
  return [...candidates].sort((a, b) => rank(a) - rank(b))[0];
}

/**
 * `server.shutdown` set outside the configuration files: on the command line of the app's image or
 * container (`-Dserver.shutdown=graceful`, `--server.shutdown=…`), or in the container's environment
 * (`SERVER_SHUTDOWN`, or inside `JAVA_TOOL_OPTIONS`, `SPRING_APPLICATION_JSON`; Spring Boot reference,
 * "Externalized Configuration").
 */
function setOutsideFiles(ctx: Context, app: SpringConfigFile[]): boolean {
  const mentions = (words: (string | undefined)[]) => words.some((word) => word !== undefined && /server\.shutdown|SERVER_SHUTDOWN|"shutdown"/.test(word));
  const belongs = (build: ImageBuild) => linkedConfig(ctx.workspace.springConfigs(), springAppRoot, build)?.files.includes(app[0]) ?? false;
  for (const dockerfile of ctx.workspace.dockerfiles()) {
    const stage = finalStage(dockerfile);
    if (!stage || !belongs({ dockerfile, stage, reason: '' })) continue;
    if (stageChain(stage).some((current) => current.processInstructions.some((instruction) => mentions(instructionArgv(current, instruction))))) return true;
  }
  return configPods(ctx, belongs).some(({ container }) => mentions([...(container.command ?? []), ...(container.args ?? [])])
    || (container.env ?? []).some((variable) => variable.name === 'SERVER_SHUTDOWN' || mentions([variable.value])));
}

function reportMissing(ctx: Context, app: SpringConfigFile[], build: BootBuild): void {
  const { model } = ctx;
  const version = build.version;
  if (!version || defaultShutdown(version.parsed) !== 'immediate' || mainConfig(app) !== model || setOutsideFiles(ctx, app)) return;
  const edit = addSpringProperty(model, SPRING_SHUTDOWN.modeKey, 'graceful');
  ctx.report({
    range: serverKeyRange(model),
    severity: build.web ? undefined : 'hint',
    message: `Spring Boot ${version.text} (${version.how}) stops its web server immediately on SIGTERM unless \`server.shutdown\` is `
      + '`graceful`, and no configuration of this app sets it: requests in flight fail on every rolling update. Graceful '
      + 'became the default only in Spring Boot 3.4.0 (FACTS §10).' + (build.web ? '' : ' (No web starter was found in the build files; this matters if the app serves HTTP.)'),
    related: [{ uri: version.where.uri, range: version.where.range, message: `Spring Boot ${version.text}` }],
    fix: edit && {
      title: model.format === 'yaml' ? 'Add server.shutdown: graceful' : 'Add server.shutdown=graceful',
      safety: 'safe',
      edits: () => ({ [model.source.uri]: [edit] }),
    },
  });
}

/**
 * Where a missing `server.shutdown` is reported: the `server:` key or else the first key of the
 * default YAML document; the first `server.*` line or else the first line of a `.properties` file.
 */
function serverKeyRange(file: SpringConfigFile): Range {
  const unconditional = file.properties.filter((property) => property.profile === undefined);
  const server = unconditional.find((property) => canonicalKey(property.key).startsWith('server.'));
  const first = server ?? unconditional[0];
  const offset = first && file.source.offsetAt(first.keyRange.start);
  const document = offset === undefined ? undefined : file.yamlDocuments?.find((candidate) => candidate.range[0] <= offset && offset < candidate.range[2]);
  const top = document && isMap(document.contents) ? document.contents : undefined;
  const key = top && (pairOf(top, 'server')?.key ?? top.items[0]?.key);
  if (isNode(key)) return nodeRange(file.source, key);
  return first?.keyRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: file.source.lineText(0).length } };
}

/** The pod that runs the app, when a workspace Dockerfile builds its image from the app's folder and all such pods agree. */
function appPod(ctx: Context, app: SpringConfigFile[]): ConfigPod | undefined {
  const springConfigs = ctx.workspace.springConfigs();
  return unambiguousPod(configPods(ctx, (build) => linkedConfig(springConfigs, springAppRoot, build)?.files.includes(app[0]) ?? false));
}

function checkTimeout(ctx: Context, app: SpringConfigFile[]): void {
  const { model } = ctx;
  const timeout = springSetting(app, SPRING_SHUTDOWN.timeoutKey);
  if (!timeout || timeout.file !== model) return;
  const seconds = springDurationSeconds(timeout.property.value);
  if (seconds === undefined || seconds <= 0) return;
  const pod = appPod(ctx, app);
  if (!pod) return;
  const window = pod.shutdown.stopWindow;
  if (seconds + DRAIN_MARGIN_SECONDS <= window) return;
  const critical = seconds > window;
  const fitted = Math.floor(window - DRAIN_MARGIN_SECONDS);
  const iso = /^[+-]?P/i.test(timeout.property.value.trim());
  const related: RelatedLocation[] = [{
    uri: pod.file.source.uri,
    range: nodeRange(pod.file.source, pod.pod.terminationGracePeriod?.valueNode ?? pod.pod.specKeyNode),
    message: `terminationGracePeriodSeconds ${pod.shutdown.grace.seconds}`,
  }];
  const graceEdit = setGracePeriodEdit(pod.file.source, pod.pod, Math.ceil(pod.shutdown.signalAt + seconds + DRAIN_MARGIN_SECONDS));
  const raiseGrace: FixSpec | undefined = graceEdit && {
    title: `Set terminationGracePeriodSeconds to ${Math.ceil(pod.shutdown.signalAt + seconds + DRAIN_MARGIN_SECONDS)} in ${shortPath(pod.file.source.uri)}`,
    safety: 'safe',
    edits: () => ({ [pod.file.source.uri]: [graceEdit] }),
  };
  ctx.report({
    range: timeout.property.valueRange,
    severity: critical ? undefined : 'hint',
    message: `\`spring.lifecycle.timeout-per-shutdown-phase\` is ${formatSeconds(seconds)}, but ${describePodWindow(pod)}: `
      + (critical
        ? `requests still running after ${formatSeconds(window)} are cut off by SIGKILL, not by Spring, and the rest of the shutdown never runs.`
        : `Spring finishes its requests, but SIGKILL may cut the rest of its shutdown short (${formatSeconds(DRAIN_MARGIN_SECONDS)} margin, FACTS §12.3).`),
    related,
    fix: fitted >= 1 ? {
      title: `Set timeout-per-shutdown-phase to ${fitted} s`,
      safety: 'safe',
      edits: () => ({ [model.source.uri]: [replaceSpringValue(model, timeout.property, iso ? `PT${fitted}S` : `${fitted}s`)] }),
    } : undefined,
    suggestions: raiseGrace ? [raiseGrace] : [],
  });
}
