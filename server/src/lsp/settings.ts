import type { Connection, DidChangeConfigurationParams, InitializeParams } from 'vscode-languageserver/node';
import { resolveSettings, type Settings } from '../service';
import { describeError, type Log } from './guard';

/** The editor settings section, as package.json's contributes.configuration names it. */
export const SETTINGS_SECTION = 'kubeGraceful';

/** Waits out a burst of typing and still feels immediate. */
const DEFAULT_DEBOUNCE_MS = 150;

type SettingsInput = Partial<Record<keyof Settings, unknown>>;

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : {};
}

/** `initializationOptions.debounceMs`: tests and slow machines tune how long typing must pause. */
export function debounceMs(initializationOptions: unknown): number {
  const value = asRecord(initializationOptions).debounceMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : DEFAULT_DEBOUNCE_MS;
}

/**
 * Where the analysis settings come from: `initializationOptions` (shaped like the settings
 * section, for editors without workspace/configuration such as Neovim or Helix, and for tests),
 * overlaid by what the editor says now: pulled when it can be asked, else as pushed with the last
 * didChangeConfiguration.
 */
export class SettingsSource {
  private readonly initial: SettingsInput;
  private readonly canPull: boolean;
  private pushed: SettingsInput = {};

  constructor(private readonly connection: Connection, params: InitializeParams, private readonly log: Log) {
    this.initial = asRecord(params.initializationOptions);
    this.canPull = params.capabilities.workspace?.configuration === true;
  }

  async read(change?: DidChangeConfigurationParams): Promise<Settings> {
    if (change && !this.canPull) this.pushed = asRecord(asRecord(change.settings)[SETTINGS_SECTION]);
    return resolveSettings({ ...this.initial, ...(this.canPull ? await this.pull() : this.pushed) });
  }

  private async pull(): Promise<SettingsInput> {
    try {
      return asRecord(await this.connection.workspace.getConfiguration(SETTINGS_SECTION));
    } catch (error) {
      this.log(`could not read the ${SETTINGS_SECTION} settings, keeping the initialization options: ${describeError(error)}`);
      return {};
    }
  }
}
