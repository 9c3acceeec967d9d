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
}

const parsers: Record<Language, (source: SourceText) => ParsedFile> = {
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

  constructor(private readonly limits: () => { maxFileSizeBytes: number }) {}

  /** Adds or replaces a file; returns its entry. `languageHint` names the language when the name does not tell. */
  set(uri: string, text: string, languageHint?: Language): WorkspaceEntry {
    const existing = this.entries.get(uri);
    if (existing && existing.text === text) return existing;
    const entry = this.read(uri, text, languageHint);
    this.entries.set(uri, entry);
    return entry;
  }

  /** Parses every file again, for when a setting that decides how files are read has changed. */
  reread(): void {
    for (const [uri, entry] of this.entries) this.entries.set(uri, this.read(uri, entry.text, entry.languageHint));
  }

  delete(uri: string): void {
    this.entries.delete(uri);
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
    return this.kubernetesFiles().flatMap((file) => file.services);
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

  private parsedOf(language: Language): ParsedFile[] {
    const result: ParsedFile[] = [];
    for (const entry of this.entries.values()) if (entry.parsed?.language === language) result.push(entry.parsed);
    return result;
  }

  private read(uri: string, text: string, languageHint?: Language): WorkspaceEntry {
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
    const language = detectLanguage(uri, text) ?? languageHint;
    return { uri, text, languageHint, parsed: language ? parsers[language](source) : undefined };
  }
}
