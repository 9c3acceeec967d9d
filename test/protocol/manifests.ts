/** Texts the protocol tests open or put on disk. */

const deploymentHead = `apiVersion: apps/v1
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
      terminationGracePeriodSeconds: 45
      containers:
`;

/** A Deployment whose container serves on a port and has no preStop hook: k8s/prestop-missing. */
export const servingDeployment = `${deploymentHead}        - name: web
          image: example/web:1.4
          ports:
            - containerPort: 8080
`;

/** Two serving containers without preStop: two findings whose fixes do not collide. */
export const twoContainerDeployment = `${servingDeployment}        - name: metrics
          image: example/metrics:2.0
          ports:
            - containerPort: 9090
`;

/** No port, no readiness probe: the container serves traffic only if a Service selects the pod. */
export const portlessDeployment = `${deploymentHead}        - name: web
          image: example/web:1.4
`;

export const webService = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
`;

export const shellFormDockerfile = `FROM node:20-slim
WORKDIR /app
CMD npm start
`;

/** A manifest broken mid-way: an unclosed flow mapping. */
export const brokenYaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web
spec:
  template: [
`;

/** Every byte value, as a file read as Latin-1 would show it: NULs and control characters. */
export const binaryText = Array.from({ length: 512 }, (_, index) => String.fromCharCode(index % 256)).join('');
