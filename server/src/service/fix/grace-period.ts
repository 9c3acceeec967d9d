import type { PodTemplate } from '../model/kubernetes';
import type { SourceText } from '../source';
import type { TextEdit } from '../types';
import { appendToMap, replaceScalar } from './yaml';

/** Sets the pod's terminationGracePeriodSeconds: replaces the value where one is written, adds the key otherwise. */
export function setGracePeriodEdit(source: SourceText, pod: PodTemplate, seconds: number): TextEdit | undefined {
  const existing = pod.terminationGracePeriod;
  if (existing) return replaceScalar(source, existing.valueNode, String(seconds));
  return appendToMap(source, pod.spec, [`terminationGracePeriodSeconds: ${seconds}`]);
}
