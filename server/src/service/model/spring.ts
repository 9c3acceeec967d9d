import type { Document } from 'yaml';
import type { SourceText } from '../source';
import type { Notice, Range } from '../types';

/**
 * A Spring Boot configuration file (`application.properties`, `application-prod.yml`, …) as the
 * flat list of properties Spring binds, each with where its key and value are written.
 */
export interface SpringProperty {
  /** The key as written, dotted (YAML nesting joined): `spring.lifecycle.timeout-per-shutdown-phase`. */
  key: string;
  value: string;
  keyRange: Range;
  valueRange: Range;
  /**
   * The profile the value applies to: from the file name (`application-prod.yml`) or the document
   * (`spring.config.activate.on-profile`); undefined when it always applies.
   */
  profile?: string;
}

export interface SpringConfigFile {
  language: 'spring';
  source: SourceText;
  format: 'properties' | 'yaml';
  properties: SpringProperty[];
  /** The YAML documents read without errors, in order: where a fix inserts a key in the file's own nesting. */
  yamlDocuments?: Document.Parsed[];
  notices: Notice[];
}

/**
 * The form Spring's relaxed binding compares keys in: `timeoutPerShutdownPhase`,
 * `timeout-per-shutdown-phase` and `timeout_per_shutdown_phase` are one property
 * (Spring Boot reference, "Relaxed Binding": kebab, camel and underscore notation in .properties and YAML).
 */
export function canonicalKey(key: string): string {
  return key.split('.').map((part) => part.replace(/[-_]/g, '').toLowerCase()).join('.');
}

/** The profile in a file name: `application-prod.yml` → `prod`; undefined for `application.yml`. */
export function profileOfFileName(name: string): string | undefined {
  return /^application-(.+)\.(?:properties|ya?ml)$/i.exec(name)?.[1];
}

/**
 * The value a property takes when no profile is active, and where: `.properties` wins over YAML
 * in the same location and a later document over an earlier one (Spring Boot reference, "External
 * Application Properties"). Profile-specific values are left out: which profile a container runs
 * with is decided at deploy time, and a wrong guess would put a wrong number in a message.
 */
export function springSetting(files: SpringConfigFile[], key: string): { property: SpringProperty; file: SpringConfigFile } | undefined {
  const wanted = canonicalKey(key);
  const ordered = [...files].sort((a, b) => (a.format === b.format ? 0 : a.format === 'properties' ? 1 : -1));
  let found: { property: SpringProperty; file: SpringConfigFile } | undefined;
  for (const file of ordered) {
    for (const property of file.properties) {
      if (property.profile === undefined && canonicalKey(property.key) === wanted) found = { property, file };
    }
  }
  return found;
}

const simpleUnits: Record<string, number> = { ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 };

/**
 * A `java.time.Duration` property as Spring Boot converts it (DurationStyle): `30s`, `1m`, `500ms`
 * (SIMPLE, `^([+-]?\d+)([a-zA-Z]{0,2})$`, suffix case-insensitive) or ISO-8601 `PT30S`. A plain
 * number takes the field's @DurationUnit, milliseconds when it has none — as for
 * `spring.lifecycle.timeout-per-shutdown-phase` (LifecycleProperties: a bare `Duration`, so `30`
 * means 30 ms; Spring Boot reference, "Converting Durations": "If no unit is specified, milliseconds are used
 * unless @DurationUnit …", https://docs.spring.io/spring-boot/reference/features/external-config.html).
 * Undefined for anything Spring would reject.
 */
export function springDurationSeconds(text: string, plainUnitSeconds = 1e-3): number | undefined {
  const value = text.trim();
  const simple = /^([+-]?\d+)([a-zA-Z]{0,2})$/.exec(value);
  if (simple) {
    const unit = simple[2] === '' ? plainUnitSeconds : simpleUnits[simple[2].toLowerCase()];
    return unit === undefined ? undefined : Number(simple[1]) * unit;
  }
  return isoDurationSeconds(value);
}

/** ISO-8601 durations as java.time.Duration.parse reads them: `PnDTnHnMn.nS`, case-insensitive, signed parts. */
function isoDurationSeconds(value: string): number | undefined {
  const match = /^([+-]?)P(?:([+-]?\d+)D)?(?:T(?:([+-]?\d+)H)?(?:([+-]?\d+)M)?(?:([+-]?\d+(?:[.,]\d{0,9})?)S)?)?$/i.exec(value);
  if (!match || /T$/i.test(value) || /^[+-]?P$/i.test(value)) return undefined;
  const [, sign, days, hours, minutes, seconds] = match;
  const total = Number(days ?? 0) * 86400 + Number(hours ?? 0) * 3600 + Number(minutes ?? 0) * 60
    + Number((seconds ?? '0').replace(',', '.'));
  return sign === '-' ? -total : total;
}
