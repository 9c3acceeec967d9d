/**
 * Spring Boot's graceful shutdown by version (FACTS §10): `server.shutdown` exists since 2.3 and
 * defaults to IMMEDIATE up to 3.3.x, to GRACEFUL since 3.4.0 (first in 3.4.0-M3).
 */

export interface BootVersion {
  major: number;
  minor: number;
  patch: number;
  /** "M2", "RC1", "SNAPSHOT"; undefined for a release. */
  qualifier?: string;
}

/** `3.3.5`, `3.4.0-M3`, `2.7.18`, `3.4.0-SNAPSHOT`; undefined for anything else (a property, a range). */
export function parseBootVersion(text: string): BootVersion | undefined {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?(?:[.-]([A-Za-z][A-Za-z0-9]*))?$/.exec(text.trim());
  if (!match) return undefined;
  const qualifier = match[4] && !/^RELEASE$/i.test(match[4]) ? match[4] : undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0), qualifier };
}

/** `server.shutdown` was added in 2.3: before it Boot has no graceful shutdown at all. */
export function hasShutdownProperty(version: BootVersion): boolean {
  return version.major > 2 || (version.major === 2 && version.minor >= 3);
}

/**
 * What `server.shutdown` is when nothing sets it: GRACEFUL since 3.4.0 (commit 814369e8b05, first in
 * 3.4.0-M3), IMMEDIATE before (FACTS §10). 3.4.0-M1 and -M2 still had IMMEDIATE.
 */
export function defaultShutdown(version: BootVersion): 'graceful' | 'immediate' {
  if (version.major !== 3) return version.major > 3 ? 'graceful' : 'immediate';
  if (version.minor !== 4 || version.patch > 0) return version.minor >= 4 ? 'graceful' : 'immediate';
  return /^M[12]$/i.test(version.qualifier ?? '') ? 'immediate' : 'graceful';
}

/** The Maven group of Spring Boot's own artifacts. */
export const BOOT_GROUP = 'org.springframework.boot';

/** The Gradle plugin id of Spring Boot (its version is the Boot version). */
export const BOOT_PLUGIN_ID = 'org.springframework.boot';

/**
 * Artifacts whose version is the Boot version an app is built with: the parent POM, the BOM, the
 * Gradle plugin (as a buildscript classpath), and Boot's own starters and modules.
 */
export function carriesBootVersion(group: string | undefined, artifact: string): boolean {
  return group === BOOT_GROUP && /^spring-boot(-.+)?$/.test(artifact) && artifact !== 'spring-boot-maven-plugin';
}

/**
 * Dependencies that make an app serve HTTP through an embedded web server, the one `server.shutdown`
 * governs (FACTS §10: Tomcat, Jetty, Reactor Netty, Undertow): the web starters, the servers' own
 * starters, and Spring Cloud Gateway (built on WebFlux or Web MVC).
 */
export function isWebServerDependency(group: string | undefined, artifact: string): boolean {
  if (group === BOOT_GROUP) {
    return /^spring-boot-starter-(web|webflux|web-services|tomcat|jetty|undertow|reactor-netty|jersey|websocket|data-rest)$/.test(artifact);
  }
  return group === 'org.springframework.cloud' && /^spring-cloud-starter-gateway(-server-(webflux|webmvc|mvc))?$/.test(artifact);
}
