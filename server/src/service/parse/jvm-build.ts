import { baseName } from '../detect';
import {
  catalogAccessor, type BuildValue, type Coordinates, type GradlePlugin, type GradleScript, type JvmBuildFile, type MavenPom, type VersionCatalog,
} from '../model/jvm-build';
import type { SourceText } from '../source';
import { tokenizeGradle, type GradleToken } from './gradle-tokens';
import { parseVersionCatalog } from './version-catalog';
import { child, children, parseXml, type XmlElement } from './xml';

/** Reads pom.xml, build.gradle[.kts] / settings.gradle[.kts], and gradle/libs.versions.toml. */
export function parseJvmBuild(source: SourceText): JvmBuildFile {
  const name = baseName(source.uri);
  if (/\.toml$/i.test(name)) return { language: 'jvm-build', source, tool: 'gradle-catalog', catalog: readCatalog(source), notices: [] };
  if (/\.gradle(\.kts)?$/i.test(name)) return { language: 'jvm-build', source, tool: 'gradle', gradle: readGradle(source), notices: [] };
  return { language: 'jvm-build', source, tool: 'maven', maven: readPom(source), notices: [] };
}

// ---- Maven -------------------------------------------------------------------------------------

function textValue(source: SourceText, element: XmlElement | undefined): BuildValue | undefined {
  if (!element || element.children.length > 0) return undefined;
  const raw = source.text.slice(element.contentStart, element.contentEnd);
  const value = element.text.trim();
  if (value === '') return undefined;
  const start = element.contentStart + (raw.length - raw.trimStart().length);
  const end = element.contentEnd - (raw.length - raw.trimEnd().length);
  return { value, range: source.rangeOf(start, end) };
}

function coordinates(source: SourceText, element: XmlElement): Coordinates | undefined {
  const artifact = textValue(source, child(element, 'artifactId'))?.value;
  if (!artifact) return undefined;
  const type = textValue(source, child(element, 'type'))?.value;
  const scope = textValue(source, child(element, 'scope'))?.value;
  return {
    group: textValue(source, child(element, 'groupId'))?.value,
    artifact,
    version: textValue(source, child(element, 'version')),
    scope: type === 'pom' && scope === 'import' ? 'import' : scope,
  };
}

function readPom(source: SourceText): MavenPom {
  const project = parseXml(source.text);
  const pom: MavenPom = { properties: new Map(), dependencies: [], managed: [] };
  if (!project) return pom;
  const parent = child(project, 'parent');
  const parentCoordinates = parent && coordinates(source, parent);
  if (parent && parentCoordinates) {
    const relativePath = child(parent, 'relativePath');
    // `<relativePath/>` (empty) means: look the parent up in the repositories only.
    pom.parent = { ...parentCoordinates, relativePath: relativePath ? relativePath.text.trim() : '../pom.xml' };
  }
  for (const property of child(project, 'properties')?.children ?? []) {
    const value = textValue(source, property);
    if (value) pom.properties.set(property.name, value);
  }
  const list = (element: XmlElement | undefined) => children(child(element, 'dependencies'), 'dependency')
    .map((dependency) => coordinates(source, dependency))
    .filter((found): found is Coordinates => found !== undefined);
  pom.dependencies = list(project);
  pom.managed = list(child(project, 'dependencyManagement'));
  return pom;
}

// ---- Gradle ------------------------------------------------------------------------------------

const coordinatePattern = /^([\w.-]+):([\w.-]+)(?::([\w.+-]+))?$/;

function readGradle(source: SourceText): GradleScript {
  const tokens = tokenizeGradle(source.text);
  const script: GradleScript = { plugins: [], coordinates: [], catalogReferences: [] };
  tokens.forEach((token, index) => {
    if (token.kind === 'string' && token.literal) {
      const match = coordinatePattern.exec(token.value);
      if (match) {
        script.coordinates.push({
          group: match[1], artifact: match[2],
          version: match[3] === undefined ? undefined : {
            value: match[3], range: source.rangeOf(token.valueEnd - match[3].length, token.valueEnd),
          },
        });
      }
    }
    if (token.kind === 'identifier' && token.text === 'libs' && !isMember(tokens, index)) {
      const accessor = memberChain(tokens, index + 1);
      if (accessor) script.catalogReferences.push(accessor.toLowerCase());
    }
    if (token.kind === 'identifier' && token.text === 'plugins' && next(tokens, index + 1, '{')) {
      script.plugins.push(...pluginsBlock(source, tokens, index + 2));
    }
  });
  return script;
}

function next(tokens: GradleToken[], index: number, text: string): boolean {
  const token = tokens[index];
  return token !== undefined && (token.kind === 'punctuation' || token.kind === 'identifier') && token.text === text;
}

/** `x.libs`: a member named libs of something else, not the catalog. */
function isMember(tokens: GradleToken[], index: number): boolean {
  return index > 0 && next(tokens, index - 1, '.');
}

/** The `.a.b.c` after a token: "a.b.c"; undefined when none follows. */
function memberChain(tokens: GradleToken[], index: number): string | undefined {
  const parts: string[] = [];
  for (let i = index; next(tokens, i, '.') && tokens[i + 1]?.kind === 'identifier'; i += 2) {
    parts.push((tokens[i + 1] as { text: string }).text);
  }
  return parts.length > 0 ? parts.join('.') : undefined;
}

/** The end (exclusive index) of a `{ … }` block whose content starts at `start`. */
function blockEnd(tokens: GradleToken[], start: number): number {
  let depth = 1;
  for (let i = start; i < tokens.length; i++) {
    if (next(tokens, i, '{')) depth++;
    if (next(tokens, i, '}') && --depth === 0) return i;
  }
  return tokens.length;
}

/** A string argument written as `'x'`, `"x"` or `("x")`; the index after it. */
function stringArgument(tokens: GradleToken[], index: number): { token: Extract<GradleToken, { kind: 'string' }>; after: number } | undefined {
  const parenthesised = next(tokens, index, '(');
  const token = tokens[parenthesised ? index + 1 : index];
  if (token?.kind !== 'string') return undefined;
  const after = parenthesised ? index + 2 : index + 1;
  if (parenthesised && !next(tokens, after, ')')) return undefined;
  return { token, after: parenthesised ? after + 1 : after };
}

/**
 * The plugins of a `plugins { … }` block: `id 'x' version 'v'`, `id("x") version "v"`,
 * `id("x").version("v")`, `alias(libs.plugins.x)`, each optionally followed by `apply false`.
 */
function pluginsBlock(source: SourceText, tokens: GradleToken[], start: number): GradlePlugin[] {
  const end = blockEnd(tokens, start);
  const plugins: GradlePlugin[] = [];
  for (let i = start; i < end; i++) {
    const token = tokens[i];
    if (token.kind !== 'identifier' || isMember(tokens, i)) continue;
    let plugin: GradlePlugin | undefined;
    let after = i + 1;
    if (token.text === 'id') {
      const argument = stringArgument(tokens, i + 1);
      if (!argument) continue;
      after = argument.after;
      plugin = { id: argument.token.literal ? argument.token.value : undefined, range: source.rangeOf(token.start, argument.token.end) };
    } else if (token.text === 'alias' && next(tokens, i + 1, '(') && next(tokens, i + 2, 'libs') && next(tokens, i + 4, 'plugins')) {
      const accessor = memberChain(tokens, i + 5);
      if (!accessor) continue;
      after = i + 5 + accessor.split('.').length * 2;
      if (!next(tokens, after, ')')) continue;
      after++;
      plugin = { alias: accessor.toLowerCase(), range: source.rangeOf(token.start, tokens[after - 1].end) };
    }
    if (!plugin) continue;
    const versionAt = next(tokens, after, 'version') ? after + 1 : next(tokens, after, '.') && next(tokens, after + 1, 'version') ? after + 2 : undefined;
    const version = versionAt === undefined ? undefined : stringArgument(tokens, versionAt)?.token;
    if (version?.literal) plugin.version = { value: version.value, range: source.rangeOf(version.valueStart, version.valueEnd) };
    plugins.push(plugin);
  }
  return plugins;
}

// ---- Version catalog ---------------------------------------------------------------------------

function readCatalog(source: SourceText): VersionCatalog {
  const catalog: VersionCatalog = { versions: new Map(), plugins: new Map(), libraries: new Map() };
  const tables = parseVersionCatalog(source.text);
  const value = (entry: { value: string; start: number; end: number } | undefined): BuildValue | undefined =>
    entry && { value: entry.value, range: source.rangeOf(entry.start, entry.end) };
  for (const entry of tables.get('versions') ?? []) {
    if (entry.string) catalog.versions.set(entry.key, value(entry.string)!);
  }
  for (const entry of tables.get('plugins') ?? []) {
    // `spring-boot = "org.springframework.boot:3.3.5"` or `{ id = "…", version = "…" | version.ref = "…" }`.
    const short = entry.string && /^([^:]+):(.+)$/.exec(entry.string.value);
    if (entry.string && short) {
      catalog.plugins.set(catalogAccessor(entry.key), { id: short[1], version: { value: short[2], range: source.rangeOf(entry.string.end - short[2].length, entry.string.end) } });
    } else if (entry.table?.get('id')) {
      catalog.plugins.set(catalogAccessor(entry.key), {
        id: entry.table.get('id')!.value, version: value(entry.table.get('version')), versionRef: entry.table.get('version.ref')?.value,
      });
    }
  }
  for (const entry of tables.get('libraries') ?? []) {
    const short = entry.string && coordinatePattern.exec(entry.string.value);
    if (entry.string && short) {
      catalog.libraries.set(catalogAccessor(entry.key), {
        group: short[1], artifact: short[2],
        version: short[3] === undefined ? undefined : { value: short[3], range: source.rangeOf(entry.string.end - short[3].length, entry.string.end) },
      });
      continue;
    }
    const module = entry.table?.get('module')?.value.split(':');
    const group = module?.[0] ?? entry.table?.get('group')?.value;
    const artifact = module?.[1] ?? entry.table?.get('name')?.value;
    if (!group || !artifact) continue;
    catalog.libraries.set(catalogAccessor(entry.key), {
      group, artifact, version: value(entry.table?.get('version')), versionRef: entry.table?.get('version.ref')?.value,
    });
  }
  return catalog;
}
