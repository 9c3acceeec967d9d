/** Manifests the Kubernetes rules' documented examples are built from, so each example shows only what matters. */

/** A Deployment `web` whose pod spec is the given lines, indented by 6 spaces. */
export function deploymentExample(podSpec: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
${podSpec}`;
}

/** A Service `web` selecting the pods of `deploymentExample`, then that Deployment. */
export function serviceAndDeploymentExample(podSpec: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
---
${deploymentExample(podSpec)}`;
}
