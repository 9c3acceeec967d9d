import type { CommandWord, SupervisordConfigFile, SupervisordProgram, SupervisordSection } from '../model/supervisord';
import { hasExpansion, setting } from '../model/supervisord';
import type { SourceText } from '../source';
import { parseIni } from './ini';
import { shlexSplit } from './shlex';

/** Reads a supervisord configuration file the way supervisord does: configparser INI, programs' commands split by shlex. */
export function parseSupervisordConfig(source: SourceText): SupervisordConfigFile {
  const { sections, entries } = parseIni(source.text, 'python');
  const byName = new Map<string, SupervisordSection>();
  const ordered: SupervisordSection[] = [];
  for (const section of sections) {
    // configparser with strict off merges a repeated section into the first.
    const existing = byName.get(section.name);
    if (existing) {
      existing.lastLineEnd = Math.max(existing.lastLineEnd, section.lastLineEnd);
      continue;
    }
    const created: SupervisordSection = {
      name: section.name, headerRange: source.rangeOf(section.headerStart, section.headerEnd), settings: [], lastLineEnd: section.lastLineEnd,
    };
    byName.set(section.name, created);
    ordered.push(created);
  }
  for (const entry of entries) {
    const section = entry.section === undefined ? undefined : byName.get(entry.section);
    section?.settings.push({
      key: entry.key.toLowerCase(),
      value: entry.value,
      keyRange: source.rangeOf(entry.keyStart, entry.keyEnd),
      valueRange: source.rangeOf(entry.valueStart, entry.valueEnd),
    });
  }
  const programs: SupervisordProgram[] = [];
  for (const section of ordered) {
    const name = /^(?:program|fcgi-program):(.+)$/.exec(section.name)?.[1];
    if (name === undefined) continue;
    programs.push({ name, section, command: command(source, section) });
  }
  return { language: 'supervisord', source, sections: ordered, programs, notices: [] };
}

function command(source: SourceText, section: SupervisordSection): SupervisordProgram['command'] {
  const found = setting(section, 'command');
  if (!found) return undefined;
  // A value continued on further lines is joined with newlines: its words have no single place in the file.
  const exact = !found.value.includes('\n');
  const start = source.offsetAt(found.valueRange.start);
  const words = exact ? shlexSplit(source.text.slice(start, start + found.value.length), start) : shlexSplit(found.value);
  if (!words) return undefined;
  return {
    setting: found,
    words: words.map((word): CommandWord => ({
      // supervisord expands `%(name)s` first (`%%` is a literal %); a word with an expansion is not known here.
      text: hasExpansion(word.text) ? undefined : word.text.replace(/%%/g, '%'),
      raw: exact ? source.text.slice(word.start, word.end) : word.text,
      offsets: exact ? word.offsets : [],
      quoted: exact ? word.quoted : [],
    })),
  };
}
