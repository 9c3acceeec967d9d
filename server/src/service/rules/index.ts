import execFormMalformed from './docker/exec-form-malformed';
import shellForm from './docker/shell-form';
import dockerStopSignal from './docker/stop-signal';
import stopSignalInvalid from './docker/stopsignal-invalid';
import gracePeriodTooShort from './k8s/grace-period-too-short';
import lbDraining from './k8s/lb-draining';
import prestopMissing from './k8s/prestop-missing';
import prestopMalformed from './k8s/prestop-malformed';
import prestopReturnsEarly from './k8s/prestop-returns-early';
import prestopSleepUnavailable from './k8s/prestop-sleep-unavailable';
import readinessProbeMissing from './k8s/readiness-probe-missing';
import shellCommandNoExec from './k8s/shell-command-no-exec';
import stopSignal from './k8s/stop-signal';
import phpFpmProcessControlTimeout from './php-fpm/process-control-timeout';
import springGracefulShutdown from './spring/graceful-shutdown';
import supervisordStopSignal from './supervisord/stop-signal';
import noInit from './docker/no-init';
import shellBackgroundWithoutTrap from './shell/background-without-trap';
import shellKeepaliveLoop from './shell/keepalive-loop';
import shellMissingExec from './shell/missing-exec';
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
  springGracefulShutdown,
  phpFpmProcessControlTimeout,
  supervisordStopSignal,
  execFormMalformed,
  dockerStopSignal,
  stopSignalInvalid,
  noInit,
  shellMissingExec,
  shellBackgroundWithoutTrap,
  shellKeepaliveLoop,
];

export function ruleById(id: string): AnyRule | undefined {
  return allRules.find((rule) => rule.meta.id === id);
}
