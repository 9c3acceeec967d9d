import * as assert from 'assert';
import { defaultShutdown, parseBootVersion } from '../../../server/src/service/knowledge/spring-boot';
import type { JvmBuildFile } from '../../../server/src/service/model/jvm-build';
import { springBootBuild } from '../../../server/src/service/model/spring-boot-build';
import { tokenizeGradle } from '../../../server/src/service/parse/gradle-tokens';
import { parseJvmBuild } from '../../../server/src/service/parse/jvm-build';
import { parseVersionCatalog } from '../../../server/src/service/parse/version-catalog';
import { parseXml } from '../../../server/src/service/parse/xml';
import { SourceText } from '../../../server/src/service/source';

const build = (path: string, text: string): JvmBuildFile => parseJvmBuild(new SourceText(`file:///w/${path}`, text));
const textAt = (file: JvmBuildFile, range: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
  file.source.text.slice(file.source.offsetAt(range.start), file.source.offsetAt(range.end));

describe('XML reader', () => {
  it('reads elements, text, entities and CDATA, skipping comments and the prolog', () => {
    const root = parseXml('<?xml version="1.0"?>\n<!-- c --><project a="1"><name>a &amp; b</name><x><![CDATA[<y>]]></x><empty/></project>')!;
    assert.strictEqual(root.name, 'project');
    assert.deepStrictEqual(root.attributes, { a: '1' });
    assert.deepStrictEqual(root.children.map((child) => [child.name, child.text]), [['name', 'a & b'], ['x', '<y>'], ['empty', '']]);
  });

  it('closes elements left open by a later end tag', () => {
    const root = parseXml('<a><b><c>1</a>')!;
    assert.deepStrictEqual([root.name, root.children[0].name, root.children[0].children[0].text], ['a', 'b', '1']);
  });
});

describe('Gradle tokens', () => {
  it('reads strings with and without templates, skipping comments', () => {
    const tokens = tokenizeGradle('id "a" // x\n/* y */ version "$v" \'${z}\' """t"""');
    assert.deepStrictEqual(tokens.map((token) => (token.kind === 'string' ? [token.value, token.literal] : token.kind === 'identifier' ? token.text : '')),
      ['id', ['a', true], 'version', ['$v', false], ['${z}', true], ['t', true]]);
  });
});

describe('version catalogs', () => {
  it('reads strings and one-line inline tables, with dotted keys', () => {
    const tables = parseVersionCatalog('[versions]\nboot = "3.3.5" # lts\n\n[plugins]\nspring-boot = { id = "org.springframework.boot", version.ref = "boot" }\n');
    assert.strictEqual(tables.get('versions')?.[0].string?.value, '3.3.5');
    const plugin = tables.get('plugins')?.[0];
    assert.deepStrictEqual([plugin?.key, plugin?.table?.get('id')?.value, plugin?.table?.get('version.ref')?.value], ['spring-boot', 'org.springframework.boot', 'boot']);
  });
});

describe('Spring Boot version of an app', () => {
  it('parses versions and the default of server.shutdown (FACTS §10)', () => {
    const cases: [string, string | undefined][] = [
      ['3.3.5', 'immediate'], ['3.4.0', 'graceful'], ['3.4.0-M2', 'immediate'], ['3.4.0-M3', 'graceful'], ['3.4.0-RC1', 'graceful'],
      ['2.7.18', 'immediate'], ['2.2.13.RELEASE', 'immediate'], ['4.0.1', 'graceful'], ['${boot}', undefined],
    ];
    for (const [text, mode] of cases) {
      const version = parseBootVersion(text);
      assert.strictEqual(version && defaultShutdown(version), mode, text);
    }
  });

  it('reads the version of the starter parent, with where it is written', () => {
    const pom = build('orders/pom.xml', '<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version> 3.3.5 </version></parent></project>');
    const found = springBootBuild('file:///w/orders', [pom]);
    assert.strictEqual(found?.version?.text, '3.3.5');
    assert.strictEqual(textAt(pom, found!.version!.where.range), '3.3.5');
  });

  it('follows relativePath to a parent POM of the workspace, and its properties', () => {
    const module = build('shop/orders/pom.xml', '<project><parent><groupId>x</groupId><artifactId>shop</artifactId><relativePath>../parent</relativePath></parent><artifactId>orders</artifactId></project>');
    const parent = build('shop/parent/pom.xml', '<project><properties><boot.version>3.2.0</boot.version></properties><dependencyManagement><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-dependencies</artifactId><version>${boot.version}</version><type>pom</type><scope>import</scope></dependency></dependencies></dependencyManagement></project>');
    const found = springBootBuild('file:///w/shop/orders', [module, parent]);
    assert.strictEqual(found?.version?.text, '3.2.0');
    assert.strictEqual(found?.version?.where.uri, 'file:///w/shop/parent/pom.xml');
  });

  it('an unresolved property or a repository-only parent says nothing', () => {
    const pom = build('a/pom.xml', '<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>${boot}</version></parent></project>');
    assert.strictEqual(springBootBuild('file:///w/a', [pom])?.version, undefined);
  });

  it('reads the Gradle plugin from a root script declared with apply false', () => {
    const root = build('build.gradle.kts', 'plugins {\n  id("org.springframework.boot") version "3.3.4" apply false\n}\n');
    const app = build('orders/build.gradle.kts', 'plugins {\n  id("org.springframework.boot")\n}\ndependencies { implementation("org.springframework.boot:spring-boot-starter-web") }\n');
    const found = springBootBuild('file:///w/orders', [root, app]);
    assert.deepStrictEqual([found?.version?.text, found?.web, found?.version?.where.uri], ['3.3.4', true, 'file:///w/build.gradle.kts']);
  });

  it('reads a BOM given as a platform or a classpath coordinate, only when literal', () => {
    const bom = build('a/build.gradle', "dependencies {\n  implementation platform('org.springframework.boot:spring-boot-dependencies:3.1.5')\n}\n");
    assert.strictEqual(springBootBuild('file:///w/a', [bom])?.version?.text, '3.1.5');
    const computed = build('b/build.gradle', 'buildscript { dependencies { classpath("org.springframework.boot:spring-boot-gradle-plugin:${bootVersion}") } }\n');
    assert.strictEqual(springBootBuild('file:///w/b', [computed])?.version, undefined);
  });

  it('needs a build file in the app folder itself', () => {
    const root = build('build.gradle', "plugins { id 'org.springframework.boot' version '3.3.4' }\n");
    assert.strictEqual(springBootBuild('file:///w/orders', [root]), undefined);
  });
});
