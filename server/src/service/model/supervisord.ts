import type { SourceText } from '../source';
import type { Notice, Range } from '../types';

/** One `key=value` line of a supervisord section; continuation lines belong to it. */
export interface SupervisordSetting {
  /** Lower-cased, as configparser stores option names. */
  key: string;
  value: string;
  keyRange: Range;
  valueRange: Range;
}

/** A section: `[supervisord]`, `[program:web]`, `[include]`, … */
export interface SupervisordSection {
  /** The header as written, without brackets: "program:web". */
  name: string;
  headerRange: Range;
  /** The settings in file order; a later one of the same key wins (configparser, strict off). */
  settings: SupervisordSetting[];
  /** Offset of the end of the section's last setting line (its header when it has none), where a fix adds a line. */
  lastLineEnd: number;
}

/** A word of a program's `command`, split as supervisord splits it (shlex). */
export interface CommandWord {
  /** The word after supervisord's `%(name)s` expansion, when it has none; undefined when it has one (its value is not known here). */
  text?: string;
  /** The word as written, for messages. */
  raw: string;
  /** Offsets in the file of each character of `raw`'s unquoted text, and whether it stood in quotes. */
  offsets: number[];
  quoted: boolean[];
}

/** A `[program:x]` or `[fcgi-program:x]` section: a process supervisord starts and stops. */
export interface SupervisordProgram {
  /** "web" of `[program:web]`. */
  name: string;
  section: SupervisordSection;
  /** The command split into words; undefined when it is missing or shlex cannot split it. */
  command?: { setting: SupervisordSetting; words: CommandWord[] };
}

/** supervisord.conf, or a file of its include directory (conf.d/*.conf, supervisord.d/*.ini). */
export interface SupervisordConfigFile {
  language: 'supervisord';
  source: SourceText;
  sections: SupervisordSection[];
  programs: SupervisordProgram[];
  notices: Notice[];
}

/** The setting in force in a section: the last line with that key. */
export function setting(section: SupervisordSection, key: string): SupervisordSetting | undefined {
  const wanted = key.toLowerCase();
  return [...section.settings].reverse().find((candidate) => candidate.key === wanted);
}

/**
 * A supervisord boolean (supervisor datatypes.py `boolean`: true/yes/on/1 and false/no/off/0,
 * any case); undefined for anything else, which supervisord rejects, or for an expansion.
 */
export function supervisordBoolean(value: string): boolean | undefined {
  const text = value.trim().toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(text)) return true;
  if (['false', 'no', 'off', '0'].includes(text)) return false;
  return undefined;
}

/** A supervisord integer setting (`stopwaitsecs=30`); undefined for an expansion or anything supervisord rejects. */
export function supervisordInteger(value: string): number | undefined {
  return /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

/** True when a value holds a `%(name)s` expansion (`%(ENV_STOP_SIGNAL)s`), whose value is known only at run time. */
export function hasExpansion(value: string): boolean {
  return /%\([^)]*\)/.test(value);
}

/** The defaults of the stop settings (FACTS §7, supervisord row; supervisor docs/configuration.rst). */
export const SUPERVISORD_DEFAULTS = { stopsignal: 'TERM', stopwaitsecs: 10, stopasgroup: false, killasgroup: false } as const;
