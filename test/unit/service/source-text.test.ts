import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SourceText } from '../../../server/src/service/source';
import { pick, prng } from '../../support/mutations';

/**
 * SourceText keeps its own line table for speed; its positions must be the ones editors and
 * vscode-languageserver-textdocument compute, for every kind of line break and every offset.
 */
describe('SourceText positions', () => {
  const pieces = ['a', 'key: value', ' ', '\n', '\r\n', '\r', '\n\n', '\r\r\n', 'é', '😀', ''];

  function randomText(seed: number): string {
    const random = prng(seed);
    return Array.from({ length: Math.floor(random() * 40) }, () => pick(random, pieces)).join('');
  }

  const texts = ['', '\n', '\r', '\r\n', 'a', 'a\n', 'a\r\nb', 'a\rb\n', ...Array.from({ length: 300 }, (_, seed) => randomText(seed + 1))];

  it('agrees with vscode-languageserver-textdocument on every offset and position', () => {
    for (const text of texts) {
      const ours = new SourceText('file:///t.yaml', text);
      const theirs = TextDocument.create('file:///t.yaml', 'yaml', 0, text);
      assert.strictEqual(ours.lineCount, theirs.lineCount, JSON.stringify(text));
      for (let offset = -1; offset <= text.length + 1; offset++) {
        assert.deepStrictEqual(ours.positionAt(offset), theirs.positionAt(offset), `${JSON.stringify(text)} at ${offset}`);
      }
      for (let line = -1; line <= theirs.lineCount + 1; line++) {
        for (let character = -1; character <= 12; character++) {
          assert.strictEqual(ours.offsetAt({ line, character }), theirs.offsetAt({ line, character }), `${JSON.stringify(text)} at ${line}:${character}`);
        }
      }
    }
  });

  it('gives each line without its line break', () => {
    const text = 'a: 1\r\nb: 2\rc: 3\n\nd';
    const source = new SourceText('file:///t.yaml', text);
    assert.deepStrictEqual(Array.from({ length: source.lineCount }, (_, line) => source.lineText(line)), ['a: 1', 'b: 2', 'c: 3', '', 'd']);
  });
});
