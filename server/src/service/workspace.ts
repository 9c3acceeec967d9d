import { detectLanguage, isBinary } from './detect';
import type { DockerfileModel } from './model/dockerfile';
import type { JvmBuildFile } from './model/jvm-build';
import type { KubernetesFile, Service } from './model/kubernetes';
import type { PhpFpmConfigFile } from './model/php-fpm';
import type { ShellFile } from './model/shell';
import type { SpringConfigFile } from './model/spring';
import type { SupervisordConfigFile } from './model/supervisord';
import { parseDockerfile } from './parse/dockerfile';
import { parseJvmBuild } from './parse/jvm-build';
import { parseKubernetes } from './parse/kubernetes';
import { parsePhpFpmConfig } from './parse/php-fpm';
import { parseShell } from './parse/shell';
import { parseSpringConfig } from './parse/spring';
import { parseSupervisordConfig } from './parse/supervisord';
import { isProjectConfigUri, parseProjectConfig, type ProjectConfig } from './project-config';
import { SourceText } from './source';
import type { Language, Notice } from './types';

export type ParsedFile = KubernetesFile | DockerfileModel | ShellFile | SpringConfigFile | PhpFpmConfigFile | SupervisordConfigFile | JvmBuildFile;

export interface WorkspaceEntry {
  uri: string;
  text: string;
  /** undefined: not a file kube-graceful reads (or skipped, see `skipped`). */
  parsed?: ParsedFile;
  /** Why the file was not parsed, when it is one of ours but unreadable (too large, binary). */
  skipped?: Notice;
  languageHint?: Language;
  /** A project file (.kube-graceful.yaml): settings for the files below its folder. */
  config?: ProjectConfig;
}

/** What rules may ask of the other files: read-only, already parsed. */
export interface WorkspaceView {
  kubernetesFiles(): KubernetesFile[];
  dockerfiles(): DockerfileModel[];
  shellFiles(): ShellFile[];
  services(): Service[];
  springConfigs(): SpringConfigFile[];
  phpFpmConfigs(): PhpFpmConfigFile[];
  supervisordConfigs(): SupervisordConfigFile[];
  jvmBuildFiles(): JvmBuildFile[];
  /**
   * A value computed over every file (an index: the Services selecting a label, the file holding
   * an object), made once per workspace state. `key` names the computation: a module's own object.
   * Without it every rule of every file would scan the workspace again: files² on a large tree.
   */
  derived<T>(key: object, make: () => T): T;
}

/** Keys of the lists `Workspace` derives itself. */
const listKeys: Record<Language | 'services' | 'projectConfigs', object> = {
  kubernetes: {}, dockerfile: {}, shell: {}, spring: {}, 'php-fpm': {}, supervisord: {}, 'jvm-build': {}, services: {}, projectConfigs: {},
};

/** `previous`: the file's last parsed version, which a parser may reuse parts of (YAML documents). */
const parsers: Record<Language, (source: SourceText, previous?: ParsedFile) => ParsedFile> = {
  kubernetes: parseKubernetes,
  dockerfile: parseDockerfile,
  shell: parseShell,
  spring: parseSpringConfig,
  'php-fpm': parsePhpFpmConfig,
  supervisord: parseSupervisordConfig,
  'jvm-build': parseJvmBuild,
};

/**
 * The parsed files a front end has fed in: open editors and the files of the workspace folders
 * for the server, the command-line paths for the CLI. Rules never read the disk; they read this.
 * A file is parsed once per distinct text.
 */
export class Workspace implements WorkspaceView {
  private readonly entries = new Map<string, WorkspaceEntry>();
  /** The values of `derived` and the lists below, until a file changes. */
  private readonly derivedValues = new Map<object, unknown>();
  /** Project files named otherwise (the CLI's `--config`). */
  private readonly projectConfigUris = new Set<string>();

  constructor(private readonly limits: () => { maxFileSizeBytes: number }) {}

  /** Adds or replaces a file; returns its entry. `languageHint` names the language when the name does not tell. */
  set(uri: string, text: string, languageHint?: Language): WorkspaceEntry {
    const existing = this.entries.get(uri);
    if (existing && existing.text === text) return existing;
    const entry = this.read(uri, text, languageHint, existing?.parsed);
    this.entries.set(uri, entry);
    this.derivedValues.clear();
    return entry;
  }

  /** Parses every file again, for when a setting that decides how files are read has changed. */
  reread(): void {
    for (const [uri, entry] of this.entries) this.entries.set(uri, this.read(uri, entry.text, entry.languageHint, entry.parsed));
    this.derivedValues.clear();
  }

  delete(uri: string): void {
    this.entries.delete(uri);
    this.derivedValues.clear();
  }

  get(uri: string): WorkspaceEntry | undefined {
    return this.entries.get(uri);
  }

  uris(): string[] {
    return [...this.entries.keys()];
  }

  kubernetesFiles(): KubernetesFile[] {
    return this.parsedOf('kubernetes') as KubernetesFile[];
  }

  dockerfiles(): DockerfileModel[] {
    return this.parsedOf('dockerfile') as DockerfileModel[];
  }

  shellFiles(): ShellFile[] {
    return this.parsedOf('shell') as ShellFile[];
  }

  services(): Service[] {
    return this.derived(listKeys.services, () => Object.freeze(this.kubernetesFiles().flatMap((file) => file.services)) as Service[]);
  }

  springConfigs(): SpringConfigFile[] {
    return this.parsedOf('spring') as SpringConfigFile[];
  }

  phpFpmConfigs(): PhpFpmConfigFile[] {
    return this.parsedOf('php-fpm') as PhpFpmConfigFile[];
  }

  supervisordConfigs(): SupervisordConfigFile[] {
    return this.parsedOf('supervisord') as SupervisordConfigFile[];
  }

  jvmBuildFiles(): JvmBuildFile[] {
    return this.parsedOf('jvm-build') as JvmBuildFile[];
  }

  /** Reads the file at `uri` as a project file, whatever its name. */
  treatAsProjectConfig(uri: string): void {
    this.projectConfigUris.add(uri);
  }

  /** The project files fed in, wherever they are. */
  projectConfigs(): ProjectConfig[] {
    return this.derived(listKeys.projectConfigs, () => {
      const result: ProjectConfig[] = [];
      for (const entry of this.entries.values()) if (entry.config) result.push(entry.config);
      return Object.freeze(result) as ProjectConfig[];
    });
  }

  derived<T>(key: object, make: () => T): T {
    if (this.derivedValues.has(key)) return this.derivedValues.get(key) as T;
    const value = make();
    this.derivedValues.set(key, value);
    return value;
  }

  /** Frozen, as it is shared by every rule until a file changes. */
  private parsedOf(language: Language): ParsedFile[] {
    return this.derived(listKeys[language], () => {
      const result: ParsedFile[] = [];
      for (const entry of this.entries.values()) if (entry.parsed?.language === language) result.push(entry.parsed);
      return Object.freeze(result) as ParsedFile[];
    });
  }

  private read(uri: string, text: string, languageHint?: Language, previous?: ParsedFile): WorkspaceEntry {
    const source = new SourceText(uri, text);
    const { maxFileSizeBytes } = this.limits();
    if (text.length > maxFileSizeBytes) {
      return {
        uri, text, languageHint, skipped: {
          uri, range: source.rangeOf(0, 0),
          message: `Not analysed: the file has ${text.length} characters, more than the limit of ${maxFileSizeBytes} `
            + '(setting kubeGraceful.maxFileSizeBytes, CLI --max-file-size).',
        },
      };
    }
    if (isBinary(text)) {
      return { uri, text, languageHint, skipped: { uri, range: source.rangeOf(0, 0), message: 'Not analysed: the file holds binary data (a NUL byte).' } };
    }
    if (isProjectConfigUri(uri) || this.projectConfigUris.has(uri)) return { uri, text, languageHint, config: parseProjectConfig(source) };
    const language = detectLanguage(uri, text) ?? languageHint;
    return { uri, text, languageHint, parsed: language ? parsers[language](source, previous) : undefined };
  }
}
