import type { PhpFpmConfigFile } from '../model/php-fpm';
import type { SourceText } from '../source';
import { parseIni } from './ini';

export function parsePhpFpmConfig(source: SourceText): PhpFpmConfigFile {
  const { sections, entries } = parseIni(source.text);
  return {
    language: 'php-fpm',
    source,
    sections: sections.map((section) => ({
      name: section.name,
      headerRange: source.rangeOf(section.headerStart, section.headerEnd),
      lastLineEnd: section.lastLineEnd,
    })),
    directives: entries.map((entry) => ({
      section: entry.section,
      key: entry.key,
      value: entry.value,
      keyRange: source.rangeOf(entry.keyStart, entry.keyEnd),
      valueRange: source.rangeOf(entry.valueStart, entry.valueEnd),
    })),
    notices: [],
  };
}
