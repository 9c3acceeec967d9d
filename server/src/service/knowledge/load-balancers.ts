/**
 * Cloud load balancers that Kubernetes objects create, how to recognise them, and the setting that
 * makes them keep in-flight requests to a target they remove (FACTS §9). Kept as data: a new cloud
 * is one entry here, one recogniser in model/load-balancer.ts and one test.
 */
export type LoadBalancerId = 'aws-alb' | 'aws-nlb' | 'aws-clb' | 'gke' | 'alibaba-slb' | 'azure-agic';

export interface LoadBalancerFact {
  id: LoadBalancerId;
  /** As messages name it. */
  name: string;
  /** What its draining setting is called: "deregistration delay". */
  drainingName: string;
  /** Seconds it drains when nothing is set; 0 when draining is off unless enabled. */
  defaultSeconds: number;
  /** The timeout values it accepts, for the values a fix writes. */
  range: [number, number];
  source: string;
  reference: string;
}

export const loadBalancers: Readonly<Record<LoadBalancerId, LoadBalancerFact>> = {
  'aws-alb': {
    id: 'aws-alb', name: 'AWS ALB', drainingName: 'deregistration delay', defaultSeconds: 300, range: [0, 3600],
    source: 'FACTS §4, §9 (aws-load-balancer-controller docs/guide/ingress/annotations.md#target-group-attributes: range 0-3600, AWS default 300)',
    reference: 'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/#target-group-attributes',
  },
  'aws-nlb': {
    id: 'aws-nlb', name: 'AWS NLB', drainingName: 'deregistration delay', defaultSeconds: 300, range: [0, 3600],
    source: 'FACTS §9 (aws-load-balancer-controller docs/guide/service/annotations.md#target-group-attributes)',
    reference: 'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/#target-group-attributes',
  },
  'aws-clb': {
    id: 'aws-clb', name: 'AWS Classic ELB', drainingName: 'connection draining', defaultSeconds: 0, range: [1, 3600],
    source: 'FACTS §9 (cloud-provider-aws aws.go: the ELB is created with `ConnectionDraining{Enabled: false}` unless the annotation enables it)',
    reference: 'https://kubernetes.io/docs/reference/labels-annotations-taints/#service-beta-kubernetes-io-aws-load-balancer-connection-draining-enabled',
  },
  gke: {
    id: 'gke', name: 'GKE load balancer', drainingName: 'connection draining', defaultSeconds: 0, range: [0, 3600],
    source: 'FACTS §9 (ingress-gce BackendConfig `spec.connectionDraining.drainingTimeoutSec`; GCP: 0 = disabled, the default)',
    reference: 'https://cloud.google.com/load-balancing/docs/enabling-connection-draining',
  },
  'alibaba-slb': {
    id: 'alibaba-slb', name: 'Alibaba Cloud SLB', drainingName: 'connection drain', defaultSeconds: 0, range: [10, 900],
    source: 'FACTS §9 (cloud-provider-alibaba-cloud annotations.go; vendor docs: on/off, timeout 10-900 s, TCP/UDP listeners)',
    reference: 'https://github.com/kubernetes/cloud-provider-alibaba-cloud',
  },
  'azure-agic': {
    id: 'azure-agic', name: 'Azure Application Gateway', drainingName: 'connection draining', defaultSeconds: 0, range: [1, 3600],
    source: 'FACTS §9 (application-gateway-kubernetes-ingress docs/annotations.md: connection-draining default false, timeout default 30)',
    reference: 'https://github.com/Azure/application-gateway-kubernetes-ingress/blob/master/docs/annotations.md#connection-draining',
  },
};

/** Exact annotation keys and values (FACTS §9). */
export const lbAnnotations = {
  /** AWS Load Balancer Controller: a `key=value,key=value` list of target group attributes, on the Ingress or the Service. */
  albTargetGroupAttributes: 'alb.ingress.kubernetes.io/target-group-attributes',
  /** `instance` (default: the NodePorts of every node) or `ip` (the pods themselves). */
  albTargetType: 'alb.ingress.kubernetes.io/target-type',
  albPrefix: 'alb.ingress.kubernetes.io/',
  albIngressClass: 'alb',
  nlbTargetGroupAttributes: 'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes',
  awsLoadBalancerType: 'service.beta.kubernetes.io/aws-load-balancer-type',
  nlbTargetType: 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type',
  awsNlbClass: 'service.k8s.aws/nlb',
  awsServicePrefix: 'service.beta.kubernetes.io/aws-load-balancer-',
  deregistrationDelay: 'deregistration_delay.timeout_seconds',
  clbDrainingEnabled: 'service.beta.kubernetes.io/aws-load-balancer-connection-draining-enabled',
  clbDrainingTimeout: 'service.beta.kubernetes.io/aws-load-balancer-connection-draining-timeout',
  gkeBackendConfig: ['cloud.google.com/backend-config', 'beta.cloud.google.com/backend-config'],
  gkeNeg: 'cloud.google.com/neg',
  /** The current prefix and the legacy one; the rest of the key is the same. */
  alibabaPrefixes: ['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-', 'service.beta.kubernetes.io/alicloud-loadbalancer-'],
  alibabaDrain: 'connection-drain',
  alibabaDrainTimeout: 'connection-drain-timeout',
  /** `https:443,http:80`: HTTP(S) listeners, which connection drain does not apply to (vendor docs). */
  alibabaProtocolPort: 'protocol-port',
  agicPrefix: 'appgw.ingress.kubernetes.io/',
  agicDraining: 'appgw.ingress.kubernetes.io/connection-draining',
  agicDrainingTimeout: 'appgw.ingress.kubernetes.io/connection-draining-timeout',
  /** AGIC's documented default timeout once draining is enabled. */
  agicDefaultTimeoutSeconds: 30,
  agicIngressClasses: ['azure/application-gateway', 'azure-application-gateway'],
  ingressClassAnnotation: 'kubernetes.io/ingress.class',
} as const;
