import * as assert from 'assert';
import { applyEdits } from '../../../../server/src/service';
import rule from '../../../../server/src/service/rules/spring/graceful-shutdown';
import { fileUri, lint, testRule, type OtherFile } from '../../../support/rule-tester';

/** A Maven project with spring-boot-starter-parent `version` and the web starter. */
const pom = (version: string, dependencies = '<dependency>\n      <groupId>org.springframework.boot</groupId>\n      <artifactId>spring-boot-starter-web</artifactId>\n    </dependency>') => `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>${version}</version>
    <relativePath/>
  </parent>
  <groupId>com.example</groupId>
  <artifactId>orders</artifactId>
  <dependencies>
    ${dependencies}
  </dependencies>
</project>
`;

const maven = (version: string): OtherFile[] => [{ filename: 'orders/pom.xml', code: pom(version) }];
const yml = 'orders/src/main/resources/application.yml';
const properties = 'orders/src/main/resources/application.properties';

/** The image built from orders/, and a Deployment running it with the given pod spec lines before `containers`. */
const deployed = (podSpec: string, extra = ''): OtherFile[] => [
  { filename: 'orders/Dockerfile', code: 'FROM eclipse-temurin:21-jre\nCOPY target/orders.jar /orders.jar\nCMD ["java", "-jar", "/orders.jar"]\n' },
  {
    filename: 'deploy/orders.yaml',
    code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
spec:
  template:
    spec:
${podSpec}      containers:
        - name: orders
          image: registry.example.com/shop/orders:2.1
${extra}`,
  },
];

testRule(rule, {
  valid: [
    { name: 'Boot 3.4 without setting: graceful by default', filename: yml, code: 'server:\n  port: 8080\n', otherFiles: maven('3.4.1') },
    { name: 'Boot 3.5 without setting', filename: yml, code: 'server:\n  port: 8080\n', otherFiles: maven('3.5.0') },
    { name: 'Boot 3.3 with graceful', filename: yml, code: 'server:\n  port: 8080\n  shutdown: graceful\n', otherFiles: maven('3.3.5') },
    { name: 'Boot 3.3 with GRACEFUL in capitals', filename: properties, code: 'server.shutdown=GRACEFUL\n', otherFiles: maven('3.3.5') },
    { name: 'no build file: the version is unknown', filename: yml, code: 'server:\n  port: 8080\n' },
    {
      name: 'Boot 3.3 with graceful only in application-prod.yml (set in a profile counts)',
      filename: yml, code: 'server:\n  port: 8080\n',
      otherFiles: [...maven('3.3.5'), { filename: 'orders/src/main/resources/application-prod.yml', code: 'server:\n  shutdown: graceful\n' }],
    },
    {
      name: 'the setting lives in application.properties beside application.yml',
      filename: yml, code: 'spring:\n  application:\n    name: orders\n',
      otherFiles: [...maven('3.3.5'), { filename: properties, code: 'server.shutdown=graceful\n' }],
    },
    {
      name: 'reported once per app: in application.properties, not in application.yml',
      filename: yml, code: 'spring:\n  application:\n    name: orders\n',
      otherFiles: [...maven('3.3.5'), { filename: properties, code: 'server.port=8080\n' }],
    },
    {
      name: 'a profile file is not where a missing setting goes',
      filename: 'orders/src/main/resources/application-prod.yml', code: 'server:\n  port: 8443\n',
      otherFiles: [...maven('3.3.5'), { filename: yml, code: 'server:\n  port: 8080\n' }],
    },
    {
      name: 'the Dockerfile passes -Dserver.shutdown=graceful',
      filename: yml, code: 'server:\n  port: 8080\n',
      otherFiles: [...maven('3.3.5'), { filename: 'orders/Dockerfile', code: 'FROM eclipse-temurin:21-jre\nCOPY target/orders.jar /orders.jar\nENTRYPOINT ["java", "-Dserver.shutdown=graceful", "-jar", "/orders.jar"]\n' }],
    },
    {
      name: 'the Deployment sets SERVER_SHUTDOWN in the environment',
      filename: yml, code: 'server:\n  port: 8080\n',
      otherFiles: [...maven('3.3.5'), ...deployed('', '          env:\n            - name: SERVER_SHUTDOWN\n              value: graceful\n')],
    },
    {
      name: 'the Deployment passes it in JAVA_TOOL_OPTIONS',
      filename: yml, code: 'server:\n  port: 8080\n',
      otherFiles: [...maven('3.3.5'), ...deployed('', '          env:\n            - name: JAVA_TOOL_OPTIONS\n              value: "-XX:MaxRAMPercentage=75 -Dserver.shutdown=graceful"\n')],
    },
    { name: 'Boot 2.2 has no server.shutdown at all', filename: yml, code: 'server:\n  port: 8080\n', otherFiles: maven('2.2.13.RELEASE') },
    { name: 'test resources are not the app', filename: 'orders/src/test/resources/application.yml', code: 'server:\n  shutdown: immediate\n', otherFiles: maven('3.3.5') },
    {
      name: 'timeout that fits the pod: 30 s grace, 20 s phase',
      filename: yml, code: 'server:\n  shutdown: graceful\nspring:\n  lifecycle:\n    timeout-per-shutdown-phase: 20s\n',
      otherFiles: [...maven('3.3.5'), ...deployed('      terminationGracePeriodSeconds: 30\n')],
    },
    {
      name: 'timeout without a pod in the workspace',
      filename: yml, code: 'server:\n  shutdown: graceful\nspring:\n  lifecycle:\n    timeout-per-shutdown-phase: 120s\n',
      otherFiles: maven('3.3.5'),
    },
    {
      name: 'two Deployments with different grace periods: ambiguous, nothing said',
      filename: yml, code: 'server:\n  shutdown: graceful\nspring:\n  lifecycle:\n    timeout-per-shutdown-phase: 60s\n',
      otherFiles: [...maven('3.3.5'), ...deployed('      terminationGracePeriodSeconds: 30\n'), {
        filename: 'deploy/orders-canary.yaml',
        code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders-canary\nspec:\n  template:\n    spec:\n      terminationGracePeriodSeconds: 90\n      containers:\n        - name: orders\n          image: registry.example.com/shop/orders:2.2\n',
      }],
    },
  ],
  invalid: [
    {
      name: 'Boot 3.3 without setting, nested YAML: added into the server map',
      filename: yml,
      code: 'spring:\n  application:\n    name: orders\nserver:\n^^^^^^ spring/graceful-shutdown\n  port: 8080\n',
      otherFiles: maven('3.3.5'),
      messages: [['Spring Boot 3.3.5', 'spring-boot-starter-parent', 'orders/pom.xml', '3.4.0']],
      severities: ['warning'],
      fixSafety: 'safe',
      output: 'spring:\n  application:\n    name: orders\nserver:\n  port: 8080\n  shutdown: graceful\n',
    },
    {
      name: 'nested YAML without a server map, 4-space indentation',
      filename: yml,
      code: 'spring:\n^^^^^^ spring/graceful-shutdown\n    application:\n        name: orders\n# the rest\n',
      otherFiles: maven('3.3.5'),
      output: 'spring:\n    application:\n        name: orders\nserver:\n    shutdown: graceful\n# the rest\n',
    },
    {
      name: 'dotted YAML keys stay dotted',
      filename: yml,
      code: 'server.port: 8080\n^^^^^^^^^^^ spring/graceful-shutdown\nspring.application.name: orders\n',
      otherFiles: maven('3.3.5'),
      output: 'server.port: 8080\nspring.application.name: orders\nserver.shutdown: graceful\n',
    },
    {
      name: 'properties: after the last server.* line, with the file\'s separator',
      filename: properties,
      code: 'spring.application.name = orders\nserver.port = 8080\n^^^^^^^^^^^ spring/graceful-shutdown\nserver.compression.enabled = true\nmanagement.endpoints.web.exposure.include = health\n',
      otherFiles: maven('3.3.5'),
      output: 'spring.application.name = orders\nserver.port = 8080\nserver.compression.enabled = true\nserver.shutdown = graceful\nmanagement.endpoints.web.exposure.include = health\n',
    },
    {
      name: 'properties with CRLF and no server keys: after the last line of the first document',
      filename: properties,
      code: 'spring.application.name=orders\r\n^^^^^^^^^^^^^^^^^^^^^^^ spring/graceful-shutdown\nlogging.level.root=INFO\r\n#---\r\nspring.config.activate.on-profile=prod\r\nlogging.level.root=WARN\r\n',
      otherFiles: maven('3.3.5'),
      output: 'spring.application.name=orders\r\nlogging.level.root=INFO\r\nserver.shutdown=graceful\r\n#---\r\nspring.config.activate.on-profile=prod\r\nlogging.level.root=WARN\r\n',
    },
    {
      name: 'YAML with a profile document after the default one: added to the default document',
      filename: yml,
      code: 'server:\n^^^^^^ spring/graceful-shutdown\n  port: 8080\n---\nspring:\n  config:\n    activate:\n      on-profile: prod\nserver:\n  port: 8443\n',
      otherFiles: maven('3.3.5'),
      output: 'server:\n  port: 8080\n  shutdown: graceful\n---\nspring:\n  config:\n    activate:\n      on-profile: prod\nserver:\n  port: 8443\n',
    },
    {
      name: 'explicit immediate in properties, no build file needed',
      code: 'server.port=8080\nserver.shutdown=immediate\n                ^^^^^^^^^ spring/graceful-shutdown\n',
      messages: [['`immediate`', 'in flight fail']],
      severities: ['warning'],
      output: 'server.port=8080\nserver.shutdown=graceful\n',
    },
    {
      name: 'explicit immediate in quotes keeps the quotes',
      filename: yml,
      code: 'server:\n  shutdown: "immediate"\n            ^^^^^^^^^^^ spring/graceful-shutdown\n',
      output: 'server:\n  shutdown: "graceful"\n',
    },
    {
      name: 'immediate in a profile file is information',
      filename: 'orders/src/main/resources/application-dev.yml',
      code: 'server:\n  shutdown: immediate\n            ^^^^^^^^^ spring/graceful-shutdown\n',
      severities: ['info'],
      messages: [['profile `dev`']],
      output: 'server:\n  shutdown: graceful\n',
    },
    {
      name: 'immediate by default while the prod profile sets graceful: information',
      filename: yml,
      code: 'server:\n  shutdown: immediate\n            ^^^^^^^^^ spring/graceful-shutdown\n',
      otherFiles: [{ filename: 'orders/src/main/resources/application-prod.yml', code: 'server:\n  shutdown: graceful\n' }],
      severities: ['info'],
      messages: [['A profile sets `graceful`']],
      output: 'server:\n  shutdown: graceful\n',
    },
    {
      name: 'Gradle Groovy plugins block',
      filename: yml,
      code: 'server:\n^^^^^^ spring/graceful-shutdown\n  port: 8080\n',
      otherFiles: [{
        filename: 'orders/build.gradle',
        code: "plugins {\n    id 'java'\n    id 'org.springframework.boot' version '3.2.12'\n    id 'io.spring.dependency-management' version '1.1.7'\n}\n\ndependencies {\n    implementation 'org.springframework.boot:spring-boot-starter-webflux'\n}\n",
      }],
      messages: [['Spring Boot 3.2.12', 'the plugin `org.springframework.boot` in orders/build.gradle']],
      severities: ['warning'],
      output: 'server:\n  port: 8080\n  shutdown: graceful\n',
    },
    {
      name: 'Gradle Kotlin script with the plugin from the version catalog of the root project',
      filename: 'services/orders/src/main/resources/application.yml',
      code: 'server:\n^^^^^^ spring/graceful-shutdown\n  port: 8080\n',
      otherFiles: [
        { filename: 'services/orders/build.gradle.kts', code: 'plugins {\n    alias(libs.plugins.spring.boot)\n    kotlin("jvm")\n}\n\ndependencies {\n    implementation(libs.spring.boot.starter.web)\n}\n' },
        { filename: 'gradle/libs.versions.toml', code: '[versions]\nspringBoot = "3.3.7" # LTS\n\n[libraries]\nspring-boot-starter-web = { module = "org.springframework.boot:spring-boot-starter-web" }\n\n[plugins]\nspring-boot = { id = "org.springframework.boot", version.ref = "springBoot" }\n' },
      ],
      messages: [['Spring Boot 3.3.7', '`libs.plugins.spring.boot`']],
      severities: ['warning'],
      output: 'server:\n  port: 8080\n  shutdown: graceful\n',
    },
    {
      name: 'Maven BOM import through a property',
      filename: properties,
      code: 'server.port=8080\n^^^^^^^^^^^ spring/graceful-shutdown\n',
      otherFiles: [{
        filename: 'orders/pom.xml',
        code: `<project>
  <artifactId>orders</artifactId>
  <properties>
    <spring-boot.version>3.1.12</spring-boot.version>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-dependencies</artifactId>
        <version>\${spring-boot.version}</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>
  </dependencies>
</project>
`,
      }],
      messages: [['Spring Boot 3.1.12', 'the imported BOM `spring-boot-dependencies`']],
      output: 'server.port=8080\nserver.shutdown=graceful\n',
    },
    {
      name: 'multi-module Maven: the version comes from the parent POM of the workspace',
      filename: 'shop/orders/src/main/resources/application.yml',
      code: 'server:\n^^^^^^ spring/graceful-shutdown\n  port: 8080\n',
      otherFiles: [
        { filename: 'shop/orders/pom.xml', code: '<project>\n  <parent>\n    <groupId>com.example</groupId>\n    <artifactId>shop</artifactId>\n    <version>1.0.0</version>\n  </parent>\n  <artifactId>orders</artifactId>\n</project>\n' },
        { filename: 'shop/pom.xml', code: pom('2.7.18') },
      ],
      messages: [['Spring Boot 2.7.18', 'in shop/pom.xml']],
      severities: ['warning'],
      output: 'server:\n  port: 8080\n  shutdown: graceful\n',
    },
    {
      name: 'no web starter in the build: a hint',
      filename: yml,
      code: 'spring:\n^^^^^^ spring/graceful-shutdown\n  batch:\n    job:\n      enabled: true\n',
      otherFiles: [{ filename: 'orders/pom.xml', code: pom('3.3.5', '<dependency>\n      <groupId>org.springframework.boot</groupId>\n      <artifactId>spring-boot-starter-batch</artifactId>\n    </dependency>') }],
      severities: ['hint'],
      messages: [['No web starter']],
      output: 'spring:\n  batch:\n    job:\n      enabled: true\nserver:\n  shutdown: graceful\n',
    },
    {
      name: 'Boot 3.4.0-M2 still defaulted to immediate',
      filename: yml,
      code: 'server:\n^^^^^^ spring/graceful-shutdown\n  port: 8080\n',
      otherFiles: maven('3.4.0-M2'),
      output: 'server:\n  port: 8080\n  shutdown: graceful\n',
    },
    {
      name: 'timeout longer than the pod allows: set to fit, raising the grace period suggested',
      filename: yml,
      code: 'server:\n  shutdown: graceful\nspring:\n  lifecycle:\n    timeout-per-shutdown-phase: 60s\n                                ^^^ spring/graceful-shutdown\n',
      otherFiles: [...maven('3.3.5'), ...deployed('      terminationGracePeriodSeconds: 30\n')],
      messages: [['60 s', 'Deployment `orders` (deploy/orders.yaml)', 'terminationGracePeriodSeconds 30', 'SIGKILL comes 30 s after']],
      severities: ['warning'],
      output: 'server:\n  shutdown: graceful\nspring:\n  lifecycle:\n    timeout-per-shutdown-phase: 25s\n',
    },
    {
      name: 'ISO duration after a preStop sleep of the default grace period',
      filename: properties,
      code: 'server.shutdown=graceful\nspring.lifecycle.timeout-per-shutdown-phase=PT30S\n                                            ^^^^^ spring/graceful-shutdown\n',
      otherFiles: [...maven('3.3.5'), ...deployed('', '          lifecycle:\n            preStop:\n              sleep:\n                seconds: 10\n')],
      messages: [['no terminationGracePeriodSeconds (default 30)', 'preStop hook of 10 s', '20 s after']],
      output: 'server.shutdown=graceful\nspring.lifecycle.timeout-per-shutdown-phase=PT15S\n',
    },
    {
      name: 'the grace period can be raised instead (suggestion, in the manifest)',
      filename: properties,
      code: 'server.shutdown=graceful\nspring.lifecycle.timeout-per-shutdown-phase=1m\n                                            ^^ spring/graceful-shutdown\n',
      otherFiles: [...maven('3.3.5'), ...deployed('      terminationGracePeriodSeconds: 30\n')],
      output: 'server.shutdown=graceful\nspring.lifecycle.timeout-per-shutdown-phase=25s\n',
    },
    {
      name: 'Gradle Kotlin plugins block with id(...) version "..."',
      filename: yml,
      code: '# orders service\nserver:\n^^^^^^ spring/graceful-shutdown\n  port: 8080 # http\n',
      otherFiles: [{ filename: 'orders/build.gradle.kts', code: 'plugins {\n    id("org.springframework.boot") version "3.3.4"\n    id("io.spring.dependency-management") version "1.1.6"\n    kotlin("jvm") version "1.9.25"\n}\n\ndependencies {\n    implementation("org.springframework.boot:spring-boot-starter-web")\n}\n' }],
      output: '# orders service\nserver:\n  port: 8080 # http\n  shutdown: graceful\n',
    },
    {
      name: 'an empty server key: no second one is added',
      filename: yml,
      code: 'server:\n^^^^^^ spring/graceful-shutdown\nspring:\n  application:\n    name: orders\n',
      otherFiles: maven('3.3.5'),
      output: null,
    },
    {
      name: 'an application.properties with comments only',
      filename: properties,
      code: '# Spring Boot settings\n^^^^^^^^^^^^^^^^^^^^^^ spring/graceful-shutdown\n',
      otherFiles: maven('3.3.5'),
      output: 'server.shutdown=graceful\n# Spring Boot settings\n',
    },
    {
      name: 'only the margin missing: a hint',
      filename: properties,
      code: 'server.shutdown=graceful\nspring.lifecycle.timeout-per-shutdown-phase=28s\n                                            ^^^ spring/graceful-shutdown\n',
      otherFiles: [...maven('3.3.5'), ...deployed('      terminationGracePeriodSeconds: 30\n')],
      severities: ['hint'],
      output: 'server.shutdown=graceful\nspring.lifecycle.timeout-per-shutdown-phase=25s\n',
    },
  ],
});

describe('spring/graceful-shutdown suggestions', () => {
  it('raises the grace period in the manifest to preStop + timeout + margin', () => {
    const others = [...maven('3.3.5'), ...deployed('      terminationGracePeriodSeconds: 30\n', '          lifecycle:\n            preStop:\n              sleep:\n                seconds: 5\n')];
    const { findings } = lint(rule, 'server.shutdown=graceful\nspring.lifecycle.timeout-per-shutdown-phase=40s\n', { filename: properties, otherFiles: others });
    const [suggestion] = findings[0].suggestions;
    assert.strictEqual(suggestion.title, 'Set terminationGracePeriodSeconds to 50 in deploy/orders.yaml');
    const manifest = others.find((file) => file.filename === 'deploy/orders.yaml')!;
    const edited = applyEdits(manifest.code, suggestion.edits()[fileUri('deploy/orders.yaml')]);
    assert.match(edited, /terminationGracePeriodSeconds: 50\n/);
    assert.strictEqual(findings[0].fix?.title, 'Set timeout-per-shutdown-phase to 20 s');
  });
});
