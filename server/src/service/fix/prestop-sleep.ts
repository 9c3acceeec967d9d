import type { HookHandler, LifecycleHook } from '../model/kubernetes';
import type { FixSpec } from '../rules/rule';
import type { SourceText } from '../source';
import type { FixSafety } from '../types';
import { replaceHandler, type HandlerText } from './yaml-handler';

/**
 * The kubelet's own `sleep` action (FACTS §2, Kubernetes 1.30+), needing no binary in the image,
 * or an exec hook running `sleep`, for clusters that do not have the action.
 */
export type SleepForm = 'action' | 'exec';

function sleepHandler(form: SleepForm, seconds: number): HandlerText {
  return form === 'action'
    ? { key: 'sleep', entries: [['seconds', String(seconds)]] }
    : { key: 'exec', entries: [['command', `["sleep", "${seconds}"]`]] };
}

/**
 * A fix that puts a sleep of `seconds` in place of one handler of a preStop hook. A handler that
 * held a comment loses it with the replacement, so such a fix is never safe.
 */
export function replaceBySleep(
  source: SourceText, hook: LifecycleHook, old: HookHandler['kind'], form: SleepForm, seconds: number,
  title: string, safety: FixSafety,
): FixSpec | undefined {
  const replaced = hook.node && replaceHandler(source, hook.node, old, sleepHandler(form, seconds));
  if (!replaced) return undefined;
  return {
    title,
    safety: replaced.keepsComments ? safety : 'unsafe',
    edits: () => ({ [source.uri]: [replaced.edit] }),
  };
}
