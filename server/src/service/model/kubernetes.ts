import type { Document, Node, Scalar, YAMLMap } from 'yaml';
import type { SourceText } from '../source';
import type { Notice } from '../types';

/**
 * Typed views over a Kubernetes manifest. Every view keeps the `yaml` node it came from, so a rule
 * can point at the exact text and a fix can insert next to it without re-reading the file.
 */

export interface YamlDocument {
  /** 0-based position of the document in its file. */
  index: number;
  document: Document.Parsed;
}

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  node: YAMLMap;
  /** The `kind` value, where a finding about the whole object points. */
  kindNode: Scalar;
  yaml: YamlDocument;
}

export type HookHandler =
  | { kind: 'exec'; node: YAMLMap; command?: string[]; commandNode?: Node }
  | { kind: 'sleep'; node: YAMLMap; seconds?: number; secondsNode?: Node }
  | { kind: 'httpGet'; node: YAMLMap; port?: number | string; portNode?: Node }
  | { kind: 'tcpSocket'; node: YAMLMap };

export interface LifecycleHook {
  /** The `preStop` key, where hovers and findings about the hook point. */
  keyNode: Scalar;
  node?: YAMLMap;
  handlers: HookHandler[];
}

export interface ContainerPort {
  containerPort?: number;
  name?: string;
  node: Node;
}

export interface Container {
  name?: string;
  /** The map of the container; fixes insert keys into it. */
  node: YAMLMap;
  /** The `name` value, or the start of the map when the container has no name. */
  anchorNode: Node;
  image?: string;
  /** The `image` value, where findings about what the image does point. */
  imageNode?: Node;
  command?: string[];
  args?: string[];
  /** The `command` and `args` values as written, where fixes rewrite a word (an `sh -c` script). */
  commandNode?: Node;
  argsNode?: Node;
  ports: ContainerPort[];
  readinessProbe?: YAMLMap;
  livenessProbe?: YAMLMap;
  startupProbe?: YAMLMap;
  lifecycle?: { keyNode: Scalar; node?: YAMLMap; preStop?: LifecycleHook; stopSignal?: { value: string; node: Node } };
  /** Restartable init container (a sidecar): stopped after the main containers. */
  sidecar: boolean;
  /** `env` entries in order: the value when written as a literal (not `valueFrom`); `envFrom` is not read. */
  env?: { name: string; value?: string }[];
}

export interface PodTemplate {
  /** The workload (or Pod) this template belongs to. */
  owner: KubernetesObject;
  namespace?: string;
  labels: Record<string, string>;
  /** The pod spec map; fixes insert pod-level keys into it. */
  spec: YAMLMap;
  /** The key in front of the spec (`spec` of a Pod, `spec` of the template), where pod-level findings point. */
  specKeyNode: Scalar;
  terminationGracePeriod?: { seconds?: number; keyNode: Scalar; valueNode: Node };
  /** `spec.os.name` (linux, windows); `lifecycle.stopSignal` requires it (FACTS §3). */
  osName?: string;
  containers: Container[];
  initContainers: Container[];
  /** Jobs and CronJobs run to completion; nothing routes requests to them. */
  batch: boolean;
}

export interface ServicePort {
  port?: number;
  targetPort?: number | string;
}

export interface Service {
  object: KubernetesObject;
  namespace?: string;
  type: string;
  /** undefined: a Service without selector (endpoints managed by hand) selects no pods. */
  selector?: Record<string, string>;
  ports: ServicePort[];
}

export interface Ingress {
  object: KubernetesObject;
  namespace?: string;
  serviceNames: string[];
}

export interface KubernetesFile {
  language: 'kubernetes';
  source: SourceText;
  documents: YamlDocument[];
  objects: KubernetesObject[];
  podTemplates: PodTemplate[];
  services: Service[];
  ingresses: Ingress[];
  notices: Notice[];
  /** Set for a Helm template analysed through its mask (parse/helm.ts): where the template actions are. */
  template?: TemplateMask;
}

/** A Helm template with every action masked by text of the same length (parse/helm.ts). */
export interface TemplateMask {
  /** The masked text, valid YAML; offsets are the original file's. */
  text: string;
  /** Offsets of the template text: a whole line for a line of actions, the action itself inside a line. */
  placeholders: [number, number][];
  /** Actions that output YAML we cannot see (include, toYaml): where, and the column their output starts at. */
  injections: { offset: number; column: number }[];
  /** `if`/`with`/`range` … `end`: content there is conditional or repeated. */
  blocks: [number, number][];
}
