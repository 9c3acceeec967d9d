import type { Language } from './types';

/** The base name of a uri or path, decoded. */
export function baseName(uriOrPath: string): string {
  const last = uriOrPath.split(/[\\/]/).pop() ?? uriOrPath;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

export function isDockerfileName(name: string): boolean {
  return /^(Dockerfile|Containerfile)([.-].*)?$/i.test(name) || /\.(Dockerfile|Containerfile)$/i.test(name);
}

const shellExtensions = /\.(sh|bash|ash|dash|ksh)$/i;
const shellShebang = /^#!\s*(?:\S*\/)?(?:env\s+(?:-\S+\s+)*)?(sh|bash|dash|ash|ksh|busybox\s+sh)\b/;
const yamlExtensions = /\.ya?ml$/i;

/** kustomize's own file, which says which files are patches; it need not have apiVersion and kind. */
export function isKustomizationName(name: string): boolean {
  return /^(kustomization\.ya?ml|Kustomization)$/.test(name);
}

/** A JSON manifest: `apiVersion` and `kind` as top-level-looking keys of an object. */
function looksLikeJsonKubernetes(text: string): boolean {
  return /^\s*[{[]/.test(text.replace(/^\uFEFF/, '')) && /"apiVersion"\s*:/.test(text) && /"kind"\s*:/.test(text);
}

/**
 * A manifest has top-level `apiVersion` and `kind` keys in at least one of its documents, quoted
 * or not; or it is JSON, which YAML files may hold too.
 */
export function looksLikeKubernetes(text: string): boolean {
  return (/^\uFEFF?(["']?)apiVersion\1\s*:/m.test(text) && /^\uFEFF?(["']?)kind\1\s*:/m.test(text)) || looksLikeJsonKubernetes(text);
}

/** Spring Boot's config files: application.properties, application-prod.yml (Spring Boot reference, "External Application Properties"). */
export function isSpringConfigName(name: string): boolean {
  return /^application(-.+)?\.(properties|ya?ml)$/i.test(name);
}

/**
 * php-fpm's main file and its pool files: any `.conf` in the directories its configurations include
 * (php-fpm.d/ upstream and in the official image, pool.d/ on Debian), or one that sets `pm` or
 * `process_control_timeout`, directives no other common `.conf` format has.
 */
export function isPhpFpmConfig(uriOrPath: string, text: string): boolean {
  const name = baseName(uriOrPath);
  if (!/\.conf$/i.test(name)) return false;
  const parts = uriOrPath.split(/[\\/]/);
  const folder = parts.length >= 2 ? baseName(parts[parts.length - 2]) : '';
  return /^php-fpm\.conf$/i.test(name) || /^(php-fpm\.d|pool\.d)$/i.test(folder)
    || /^[ \t]*(pm[ \t]*=[ \t]*(static|dynamic|ondemand)|process_control_timeout[ \t]*=)/m.test(text);
}

/**
 * supervisord's configuration: its own file names (supervisord.conf, supervisor.conf, supervisord-web.conf),
 * the include folders of the distributions' packages (supervisor/conf.d/ on Debian, supervisord.d/ on
 * Red Hat), or any `.conf`/`.ini` with a section header only supervisord has (`[supervisord]`, `[program:x]`).
 */
export function isSupervisordConfig(uriOrPath: string, text: string): boolean {
  const name = baseName(uriOrPath);
  if (!/\.(conf|ini)$/i.test(name)) return false;
  const parts = uriOrPath.split(/[\\/]/);
  const folder = parts.length >= 2 ? baseName(parts[parts.length - 2]) : '';
  const parent = parts.length >= 3 ? baseName(parts[parts.length - 3]) : '';
  return /^supervisord?([.-][^.]+)?\.(conf|ini)$/i.test(name) || /^supervisord\.d$/i.test(folder)
    || (/^conf\.d$/i.test(folder) && /^supervisord?$/i.test(parent))
    || /^[ \t]*\[(supervisord|(program|fcgi-program|eventlistener|group):[^\]]+)\]/m.test(text);
}

/** The build files that say which Spring Boot version an app uses: Maven's pom.xml, Gradle scripts and version catalogs. */
export function isJvmBuildName(name: string): boolean {
  return name === 'pom.xml' || /^(build|settings)\.gradle(\.kts)?$/.test(name) || /\.versions\.toml$/.test(name);
}

export function hasShellShebang(text: string): boolean {
  return shellShebang.test(text.replace(/^\uFEFF/, '').slice(0, 200));
}

/**
 * Which of our languages a file is, from its name and its text; `undefined` for files that are
 * not ours (a YAML file without apiVersion and kind, a README). The editor's language id is a
 * hint only: VS Code calls every `.yaml` "yaml" and a `Dockerfile.prod` sometimes "plaintext".
 */
export function detectLanguage(uriOrPath: string, text: string): Language | undefined {
  const name = baseName(uriOrPath);
  if (isDockerfileName(name)) return 'dockerfile';
  if (isKustomizationName(name)) return 'kubernetes';
  // `yaml` parses JSON too: a JSON manifest is a flow-style YAML document.
  if (/\.json$/i.test(name)) return looksLikeJsonKubernetes(text) ? 'kubernetes' : undefined;
  // An Argo CD `application.yaml` is a manifest; a Spring `application.yml` has no apiVersion and kind.
  if (yamlExtensions.test(name)) return looksLikeKubernetes(text) ? 'kubernetes' : isSpringConfigName(name) ? 'spring' : undefined;
  if (isSpringConfigName(name)) return 'spring';
  if (isJvmBuildName(name)) return 'jvm-build';
  // Before php-fpm: supervisor/conf.d/php-fpm.conf runs php-fpm, it does not configure it.
  if (isSupervisordConfig(uriOrPath, text)) return 'supervisord';
  if (isPhpFpmConfig(uriOrPath, text)) return 'php-fpm';
  if (shellExtensions.test(name) || hasShellShebang(text)) return 'shell';
  return undefined;
}

/** Text with a NUL byte is binary whatever its name says; we never parse it. */
export function isBinary(text: string): boolean {
  return text.includes('\u0000');
}
