/** Set by the bundler (scripts/build.mjs); absent when run from the TypeScript output in tests. */
declare const KUBE_GRACEFUL_VERSION: string | undefined;

export const toolVersion = typeof KUBE_GRACEFUL_VERSION === 'string' ? KUBE_GRACEFUL_VERSION : 'development';
