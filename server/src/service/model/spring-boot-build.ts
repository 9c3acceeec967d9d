import { BOOT_GROUP, BOOT_PLUGIN_ID, carriesBootVersion, isWebServerDependency, parseBootVersion, type BootVersion } from '../knowledge/spring-boot';
import type { SourceLocation } from '../types';
import type { BuildValue, Coordinates, JvmBuildFile, VersionCatalog } from './jvm-build';
import { shortPath } from './server-process';

/**
 * What the build files of a Spring Boot app say about it: the Boot version it is built with and
 * whether it depends on an embedded web server. Read from the app's own folder (the one holding
 * src/main/resources) and, for multi-module builds, the parent POMs it names and the Gradle scripts
 * and version catalog of the folders above it. Only literal versions count.
 */
export interface BootBuild {
  version?: {
    text: string;
    parsed: BootVersion;
    where: SourceLocation;
    /** For messages: "the parent `spring-boot-starter-parent` in pom.xml". */
    how: string;
  };
  /** A dependency on a web starter or a server starter was found (FACTS §10: the servers graceful shutdown applies to). */
  web: boolean;
  /** The build files read, nearest first. */
  files: JvmBuildFile[];
}

function folderOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/'));
}

/** `a/b/../c/./pom.xml` → `a/c/pom.xml`, keeping the scheme's slashes. */
function normalise(uri: string): string {
  const [scheme, rest] = /^([a-z][a-z0-9+.-]*:\/\/)?(.*)$/i.exec(uri)!.slice(1);
  const parts: string[] = [];
  for (const part of rest.split('/')) {
    if (part === '..' && parts.length > 1) parts.pop();
    else if (part !== '.') parts.push(part);
  }
  return (scheme ?? '') + parts.join('/');
}

export function springBootBuild(appRoot: string, buildFiles: JvmBuildFile[]): BootBuild | undefined {
  const byUri = new Map(buildFiles.map((file) => [file.source.uri, file]));
  const pom = byUri.get(`${appRoot}/pom.xml`);
  if (pom) return mavenBuild(pom, byUri);
  const scripts: JvmBuildFile[] = [];
  let catalog: JvmBuildFile | undefined;
  for (let folder = appRoot; folder.includes('/'); folder = folderOf(folder)) {
    for (const name of ['build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts']) {
      const script = byUri.get(`${folder}/${name}`);
      if (script?.gradle) scripts.push(script);
    }
    catalog ??= byUri.get(`${folder}/gradle/libs.versions.toml`);
    if (folder.endsWith('://') || folder === folderOf(folder)) break;
  }
  if (!scripts.some((script) => folderOf(script.source.uri) === appRoot)) return undefined;
  return gradleBuild(scripts, catalog);
}

// ---- Maven -------------------------------------------------------------------------------------

/** The POM and the parent POMs of the workspace it names by `relativePath` (default ../pom.xml), nearest first. */
function pomChain(pom: JvmBuildFile, byUri: Map<string, JvmBuildFile>): JvmBuildFile[] {
  const chain = [pom];
  for (let current = pom; chain.length < 10;) {
    const relativePath = current.maven?.parent?.relativePath;
    if (!relativePath) break;
    const target = normalise(`${folderOf(current.source.uri)}/${relativePath.endsWith('.xml') ? relativePath : `${relativePath.replace(/\/$/, '')}/pom.xml`}`);
    const parent = byUri.get(target);
    if (!parent?.maven || chain.includes(parent)) break;
    chain.push(parent);
    current = parent;
  }
  return chain;
}

interface Resolved {
  value: string;
  range: BuildValue['range'];
  /** The POM whose property gave the value; undefined when the value was written where it is used. */
  file?: JvmBuildFile;
}

/** `${name}` resolved through the properties of the POM chain, a child's winning; undefined when it stays unresolved. */
function resolve(value: BuildValue, chain: JvmBuildFile[], depth = 0): Resolved | undefined {
  const reference = /^\$\{([^}]+)\}$/.exec(value.value.trim());
  if (!reference) return /\$\{/.test(value.value) ? undefined : { value: value.value, range: value.range };
  if (depth > 5) return undefined;
  for (const pom of chain) {
    const property = pom.maven?.properties.get(reference[1]);
    const resolved = property && resolve(property, chain, depth + 1);
    if (resolved) return { ...resolved, file: resolved.file ?? pom };
    if (property) return undefined;
  }
  return undefined;
}

function mavenBuild(pom: JvmBuildFile, byUri: Map<string, JvmBuildFile>): BootBuild {
  const chain = pomChain(pom, byUri);
  const build: BootBuild = { web: false, files: chain };
  for (const file of chain) {
    const maven = file.maven!;
    build.web ||= maven.dependencies.some((dependency) => isWebServerDependency(dependency.group, dependency.artifact));
    if (build.version) continue;
    const candidates: { coordinates: Coordinates; how: string }[] = [];
    const parent = maven.parent;
    if (parent && parent.group === BOOT_GROUP && /^spring-boot-(starter-parent|dependencies|parent)$/.test(parent.artifact)) {
      candidates.push({ coordinates: parent, how: `the parent \`${parent.artifact}\`` });
    }
    for (const managed of maven.managed) {
      if (managed.group === BOOT_GROUP && managed.artifact === 'spring-boot-dependencies' && managed.scope === 'import') {
        candidates.push({ coordinates: managed, how: 'the imported BOM `spring-boot-dependencies`' });
      }
    }
    for (const dependency of [...maven.managed, ...maven.dependencies]) {
      if (carriesBootVersion(dependency.group, dependency.artifact)) candidates.push({ coordinates: dependency, how: `the dependency \`${dependency.artifact}\`` });
    }
    for (const { coordinates, how } of candidates) {
      const resolved = coordinates.version && resolve(coordinates.version, chain);
      const parsed = resolved && parseBootVersion(resolved.value);
      if (!resolved || !parsed) continue;
      const where = { uri: (resolved.file ?? file).source.uri, range: resolved.range };
      build.version = { text: resolved.value, parsed, where, how: `${how} in ${shortPath(file.source.uri)}` };
      break;
    }
  }
  return build;
}

// ---- Gradle ------------------------------------------------------------------------------------

function catalogVersion(catalog: VersionCatalog | undefined, version: BuildValue | undefined, versionRef: string | undefined): BuildValue | undefined {
  return version ?? (versionRef === undefined ? undefined : catalog?.versions.get(versionRef));
}

function gradleBuild(scripts: JvmBuildFile[], catalogFile: JvmBuildFile | undefined): BootBuild {
  const catalog = catalogFile?.catalog;
  const build: BootBuild = { web: false, files: catalogFile ? [...scripts, catalogFile] : scripts };
  for (const file of scripts) {
    const gradle = file.gradle!;
    const libraries = gradle.catalogReferences.map((reference) => catalog?.libraries.get(reference)).filter((found) => found !== undefined);
    build.web ||= gradle.coordinates.some((found) => isWebServerDependency(found.group, found.artifact))
      || libraries.some((library) => isWebServerDependency(library.group, library.artifact));
    if (build.version) continue;
    const candidates: { value: BuildValue; uri: string; how: string }[] = [];
    const catalogUri = catalogFile?.source.uri ?? '';
    for (const plugin of gradle.plugins) {
      if (plugin.id === BOOT_PLUGIN_ID && plugin.version) {
        candidates.push({ value: plugin.version, uri: file.source.uri, how: `the plugin \`${BOOT_PLUGIN_ID}\`` });
      }
      const fromCatalog = plugin.alias === undefined ? undefined : catalog?.plugins.get(plugin.alias);
      const version = fromCatalog?.id === BOOT_PLUGIN_ID ? plugin.version ?? catalogVersion(catalog, fromCatalog.version, fromCatalog.versionRef) : undefined;
      if (version) candidates.push({ value: version, uri: plugin.version ? file.source.uri : catalogUri, how: `the plugin \`${BOOT_PLUGIN_ID}\` (\`libs.plugins.${plugin.alias}\`)` });
    }
    for (const found of gradle.coordinates) {
      if (found.version && carriesBootVersion(found.group, found.artifact)) candidates.push({ value: found.version, uri: file.source.uri, how: `\`${found.group}:${found.artifact}\`` });
    }
    for (const library of libraries) {
      const version = catalogVersion(catalog, library.version, library.versionRef);
      if (version && carriesBootVersion(library.group, library.artifact)) candidates.push({ value: version, uri: catalogUri, how: `\`${library.group}:${library.artifact}\`` });
    }
    for (const candidate of candidates) {
      const parsed = parseBootVersion(candidate.value.value);
      if (!parsed) continue;
      build.version = {
        text: candidate.value.value, parsed, where: { uri: candidate.uri, range: candidate.value.range },
        how: `${candidate.how} in ${shortPath(file.source.uri)}`,
      };
      break;
    }
  }
  return build;
}
