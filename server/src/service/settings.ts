import { entryServerProblem, entrySignalProblem, imagePatternProblem, type ImageEntry } from './knowledge/image-signals';
import type { ServerId } from './knowledge/servers';
import type { SeverityOption } from './types';

export interface Settings {
  /** The cluster's Kubernetes minor version, "1.30": decides which fixes are valid (FACTS §2). */
  kubernetesVersion: string;
  /**
   * Seconds the app is given to finish in-flight work after the stop signal, when the workspace
   * does not say (FACTS §11: gunicorn, Puma, Spring per phase and .NET all default to 30 s).
   */
  drainBudgetSeconds: number;
  /** Files larger than this are skipped with a notice, never parsed. */
  maxFileSizeBytes: number;
  /** Severity overrides per rule id. */
  rules: Record<string, SeverityOption>;
  /** The user's images and how they stop, ahead of the official-image table (knowledge/image-signals.ts). */
  images: ImageEntry[];
}

export const defaultSettings: Settings = {
  kubernetesVersion: '1.30',
  drainBudgetSeconds: 30,
  maxFileSizeBytes: 8 * 1024 * 1024,
  rules: {},
  images: [],
};

/** How messages name the editor setting an image entry comes from. */
export const IMAGES_SETTING_ORIGIN = 'setting `kubeGraceful.images`';

export interface KubernetesVersion {
  major: number;
  minor: number;
}

/** Accepts "1.30", "v1.30", "1.30.2"; returns undefined for anything else. */
export function parseKubernetesVersion(text: string): KubernetesVersion | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

export function versionAtLeast(version: KubernetesVersion, major: number, minor: number): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}

/** Merges partial settings from a front end over the defaults, dropping values of the wrong type. */
export function resolveSettings(partial: Partial<Record<keyof Settings, unknown>> = {}): Settings {
  const version = typeof partial.kubernetesVersion === 'string' && parseKubernetesVersion(partial.kubernetesVersion)
    ? partial.kubernetesVersion.trim() : defaultSettings.kubernetesVersion;
  const positive = (value: unknown, fallback: number) =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
  const rules: Record<string, SeverityOption> = {};
  if (partial.rules && typeof partial.rules === 'object') {
    for (const [id, value] of Object.entries(partial.rules as Record<string, unknown>)) {
      if (value === 'off' || value === 'error' || value === 'warning' || value === 'info' || value === 'hint') rules[id] = value;
    }
  }
  return {
    kubernetesVersion: version,
    drainBudgetSeconds: positive(partial.drainBudgetSeconds, defaultSettings.drainBudgetSeconds),
    maxFileSizeBytes: positive(partial.maxFileSizeBytes, defaultSettings.maxFileSizeBytes),
    rules,
    images: settingImages(partial.images),
  };
}

/** The valid entries of the images setting; its JSON schema tells the user about the others. */
function settingImages(value: unknown): ImageEntry[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown): ImageEntry[] => {
    const { image, stopSignal, runs } = typeof item === 'object' && item !== null ? item as Record<string, unknown> : {};
    const valid = typeof image === 'string' && !imagePatternProblem(image)
      && (stopSignal === undefined || (typeof stopSignal === 'string' && !entrySignalProblem(stopSignal)))
      && (runs === undefined || (typeof runs === 'string' && !entryServerProblem(runs)));
    if (!valid) return [];
    return [{
      image, ...(stopSignal !== undefined && { stopSignal: stopSignal as string }), ...(runs !== undefined && { runs: runs as ServerId }),
      origin: IMAGES_SETTING_ORIGIN,
    }];
  });
}
