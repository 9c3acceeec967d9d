import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { isNode, parseAllDocuments, visit, type Document } from 'yaml';
import { Analyzer } from '../../../server/src/service';
import { parseYamlDocuments, type DocumentCache } from '../../../server/src/service/parse/yaml-documents';
import { prng, randomEdit } from '../../support/mutations';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

/** Everything of a parse that rules can see: values, every node's range, errors and warnings. */
function shape(documents: Document.Parsed[]): unknown {
  return documents.map((document) => {
    const ranges: unknown[] = [];
    visit(document, (_key, node) => {
      if (isNode(node)) ranges.push([node.constructor.name, node.range]);
    });
    return {
      range: document.range,
      value: document.errors.length === 0 ? document.toJS({ maxAliasCount: -1 }) : undefined,
      ranges,
      errors: document.errors.map((error) => [error.code, error.pos]),
      warnings: document.warnings.map((warning) => [warning.code, warning.pos]),
    };
  });
}

const fresh = (text: string) => shape(parseAllDocuments(text, { keepSourceTokens: false, uniqueKeys: false }) as Document.Parsed[]);

describe('YAML documents parsed one at a time', () => {
  const files = [...yamlFiles(path.join(repoRoot, 'examples')), ...yamlFiles(path.join(repoRoot, 'test', 'fixtures'))];
  const multiDocument = files.map((file) => fs.readFileSync(file, 'utf8')).filter((text) => text.includes('\n---'));

  it('gives the same documents and ranges as a whole-text parse', () => {
    const texts = [...multiDocument, '# lead\n---\na: 1\n---\nb: |\n  ---\n  x\n---\n', 'a: 1\n---\n---\nc: [1,\n---\n2]\n', '%YAML 1.2\n---\na: 1\n...\n---\nb: 2\n', '\ufeff---\na: 1\r\n---\r\nb: 2\r\n'];
    for (const text of texts) {
      // An empty cache: every piece is parsed on its own and shifted.
      assert.deepStrictEqual(shape(parseYamlDocuments(text, new Map()).documents), fresh(text), text.slice(0, 200));
      // The first parse's documents, filed by piece, come back unchanged for the same text.
      assert.deepStrictEqual(shape(parseYamlDocuments(text, parseYamlDocuments(text).cache).documents), fresh(text), text.slice(0, 200));
    }
  });

  it('reuses unchanged documents across random edits and still equals a fresh parse (property)', () => {
    const seed = 8;
    const random = prng(seed);
    for (const original of multiDocument) {
      let text = original;
      let cache: DocumentCache | undefined = parseYamlDocuments(text).cache;
      for (let step = 0; step < 40; step++) {
        text = randomEdit(text, random);
        const parsed = parseYamlDocuments(text, cache);
        assert.deepStrictEqual(shape(parsed.documents), fresh(text), `seed ${seed}, step ${step}:\n${text.slice(0, 300)}`);
        cache = parsed.cache;
      }
    }
  });

  it('gives the analyzer the same findings after edits as a fresh analysis', () => {
    const seed = 88;
    const random = prng(seed);
    const uri = 'file:///w/deploy.yaml';
    for (const original of multiDocument) {
      const editing = new Analyzer();
      let text = original;
      editing.setFile(uri, text);
      for (let step = 0; step < 15; step++) {
        text = randomEdit(text, random);
        editing.setFile(uri, text);
        const freshAnalyzer = new Analyzer();
        freshAnalyzer.setFile(uri, text);
        // Fixes too: their edits are computed from the nodes and objects a reused document keeps.
        const strip = (analyzer: Analyzer) => JSON.stringify(analyzer.analyze(uri).findings.map(({ ruleId, range, message, fix, suggestions }) => ({
          ruleId, range, message, fixes: [fix, ...suggestions].map((each) => each?.edits()),
        })));
        assert.strictEqual(strip(editing), strip(freshAnalyzer), `seed ${seed}, step ${step}`);
      }
    }
  });
});
