import shellForm from './docker/shell-form';
import gracePeriodTooShort from './k8s/grace-period-too-short';
import prestopMissing from './k8s/prestop-missing';
import type { AnyRule } from './rule';

/** Every rule, explicitly: the catalogue test checks each id against its file and docs page. */
export const allRules: AnyRule[] = [
  prestopMissing,
  gracePeriodTooShort,
  shellForm,
];

export function ruleById(id: string): AnyRule | undefined {
  return allRules.find((rule) => rule.meta.id === id);
}
