import { baseName } from '../detect';
import type { SourceText } from '../source';
import type { Notice, Range } from '../types';

/** One `key = value` line of a php-fpm configuration file. */
export interface PhpFpmDirective {
  /** `global`, a pool name (`www`), or undefined before the first section header. */
  section?: string;
  key: string;
  value: string;
  keyRange: Range;
  valueRange: Range;
}

export interface PhpFpmSection {
  name: string;
  headerRange: Range;
  /** Offset of the end of the section's last directive line, where a fix appends another one. */
  lastLineEnd: number;
}

/** php-fpm.conf or a pool file (php-fpm.d/www.conf, pool.d/*.conf, the image's zz-docker.conf). */
export interface PhpFpmConfigFile {
  language: 'php-fpm';
  source: SourceText;
  sections: PhpFpmSection[];
  directives: PhpFpmDirective[];
  notices: Notice[];
}

/**
 * Directives outside any pool: in `[global]`, or before the first header (php-fpm.conf includes the
 * pool files from inside its `[global]` section, so what precedes a header there is global too).
 */
export function isGlobal(directive: PhpFpmDirective): boolean {
  return directive.section === undefined || directive.section.toLowerCase() === 'global';
}

/**
 * The global directive in force across the files of one php-fpm configuration: php-fpm.conf is read
 * first and includes the pool directory in name order (that is why the official image calls its
 * file zz-docker.conf), and a later line wins.
 */
export function globalDirective(files: PhpFpmConfigFile[], key: string): { directive: PhpFpmDirective; file: PhpFpmConfigFile } | undefined {
  const ordered = [...files].sort((a, b) => {
    const main = (file: PhpFpmConfigFile) => (baseName(file.source.uri) === 'php-fpm.conf' ? 0 : 1);
    return main(a) - main(b) || baseName(a.source.uri).localeCompare(baseName(b.source.uri));
  });
  let found: { directive: PhpFpmDirective; file: PhpFpmConfigFile } | undefined;
  for (const file of ordered) {
    for (const directive of file.directives) if (isGlobal(directive) && directive.key === key) found = { directive, file };
  }
  return found;
}

const timeUnits: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/**
 * A php-fpm time value (php-fpm.conf: "Available units: s(econds), m(inutes), h(ours), or d(ays).
 * Default Unit: seconds."); undefined for anything php-fpm would reject.
 */
export function phpFpmSeconds(value: string): number | undefined {
  const match = /^(\d+)([smhd]?)$/.exec(value.trim());
  return match ? Number(match[1]) * timeUnits[match[2]] : undefined;
}
