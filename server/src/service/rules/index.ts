import shellForm from './docker/shell-form';
import gracePeriodTooShort from './k8s/grace-period-too-short';
import lbDraining from './k8s/lb-draining';
import prestopMissing from './k8s/prestop-missing';
import prestopMalformed from './k8s/prestop-malformed';
import prestopReturnsEarly from './k8s/prestop-returns-early';
import prestopSleepUnavailable from './k8s/prestop-sleep-unavailable';
import readinessProbeMissing from './k8s/readiness-probe-missing';
import shellCommandNoExec from './k8s/shell-command-no-exec';
import stopSignal from './k8s/stop-signal';
import type { AnyRule } from './rule';

/** Every rule, explicitly: the catalogue test checks each id against its file and docs page. */
export const allRules: AnyRule[] = [
  prestopMissing,
  prestopSleepUnavailable,
  prestopReturnsEarly,
  prestopMalformed,
  readinessProbeMissing,
  shellCommandNoExec,
  gracePeriodTooShort,
  lbDraining,
  stopSignal,
  shellForm,
];

export function ruleById(id: string): AnyRule | undefined {
  return allRules.find((rule) => rule.meta.id === id);
}
