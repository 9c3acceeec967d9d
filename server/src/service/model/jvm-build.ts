import type { SourceText } from '../source';
import type { Notice, Range } from '../types';

/**
 * Build files of JVM projects, read for what the rules need: which Spring Boot version an app is
 * built with and which starters it depends on. Only values written as literals count: a version
 * computed by the build script is not known here.
 */

/** A value as written in a build file, and where. */
export interface BuildValue {
  value: string;
  range: Range;
}

/** `group:artifact[:version]`: a Maven dependency, a Gradle dependency string, a catalog library. */
export interface Coordinates {
  group?: string;
  artifact: string;
  /** As written: `3.3.5`, `${spring-boot.version}` (Maven), or undefined when none is given. */
  version?: BuildValue;
  /** Maven `<type>`/`<scope>` of a managed dependency (`pom`/`import` for a BOM). */
  scope?: string;
}

export interface MavenPom {
  parent?: Coordinates & { relativePath?: string };
  /** `<properties>`, for `${name}` references. */
  properties: Map<string, BuildValue>;
  /** `<dependencies>` of the project. */
  dependencies: Coordinates[];
  /** `<dependencyManagement><dependencies>`: BOM imports and pinned versions. */
  managed: Coordinates[];
}

/** A plugin of a Gradle `plugins {}` block: `id 'org.springframework.boot' version '3.3.5'` or `alias(libs.plugins.spring.boot)`. */
export interface GradlePlugin {
  id?: string;
  /** The catalog accessor after `libs.plugins.`: `spring.boot`. */
  alias?: string;
  version?: BuildValue;
  range: Range;
}

export interface GradleScript {
  plugins: GradlePlugin[];
  /** Every literal string that reads as `group:artifact[:version]` (dependencies, platforms, classpath, mavenBom). */
  coordinates: Coordinates[];
  /** Catalog accessors used anywhere: `spring.boot.starter.web` for `libs.spring.boot.starter.web`. */
  catalogReferences: string[];
}

/** gradle/libs.versions.toml. Aliases are kept in Gradle's accessor form: `spring-boot` → `spring.boot`. */
export interface VersionCatalog {
  versions: Map<string, BuildValue>;
  plugins: Map<string, { id: string; version?: BuildValue; versionRef?: string }>;
  libraries: Map<string, { group: string; artifact: string; version?: BuildValue; versionRef?: string }>;
}

export interface JvmBuildFile {
  language: 'jvm-build';
  source: SourceText;
  tool: 'maven' | 'gradle' | 'gradle-catalog';
  maven?: MavenPom;
  gradle?: GradleScript;
  catalog?: VersionCatalog;
  notices: Notice[];
}

/** Gradle's accessor form of a catalog alias: `-`, `_` and `.` all separate segments (`libs.spring.boot.starter.web`). */
export function catalogAccessor(alias: string): string {
  return alias.split(/[-_.]/).join('.').toLowerCase();
}
