import * as assert from 'assert';
import * as fs from 'fs';
import { mutations, seedFiles } from '../support/fuzz';
import { pick, prng } from '../support/mutations';
import { lintWithBundle, tempDir, writeTree } from './helpers';

/** A few fuzzed trees through the bundled CLI: it reports (exit 0 or 1), never fails (exit 2) or crashes. */
describe('kube-graceful lint on fuzzed files', () => {
  for (const seed of [11, 12, 13]) {
    it(`lints a mutated copy of every example and fixture (seed ${seed}), with --fix too`, function () {
      this.timeout(60_000);
      const random = prng(seed);
      const root = tempDir();
      try {
        const names = Object.keys(mutations).filter((name) => name !== 'hugeScalar');
        const files: Record<string, string | Buffer> = {};
        for (const file of seedFiles()) {
          const mutation = pick(random, names);
          const text = mutations[mutation](file.text, random);
          files[file.name] = mutation === 'nonUtf8' ? Buffer.from(text, 'latin1') : text;
        }
        writeTree(root, files);
        const run = lintWithBundle(['lint', '--format', 'json', '.'], root);
        assert.ok(run.code === 0 || run.code === 1, `seed ${seed}: exit ${run.code}\n${run.stderr}`);
        JSON.parse(run.stdout);
        const fixed = lintWithBundle(['lint', '--fix', '--format', 'json', '.'], root);
        assert.ok(fixed.code === 0 || fixed.code === 1, `seed ${seed} --fix: exit ${fixed.code}\n${fixed.stderr}`);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  }
});
