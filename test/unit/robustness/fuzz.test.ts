import * as assert from 'assert';
import { fuzz } from '../../support/fuzz';

/** The short run; `npm run fuzz` runs many more variants (FUZZ_SEED, FUZZ_VARIANTS). */
describe('fuzzing the analysis service', () => {
  it('analyses mutated examples and fixtures without a crash, a throwing rule or a slow file', function () {
    this.timeout(120_000);
    const seed = Number(process.env.FUZZ_SEED ?? 20261122);
    const report = fuzz({ seed, variants: 4, timeBoundMs: 2000 });
    const summary = report.failures.map((failure) => `${failure.file} [${failure.mutation}]: ${failure.problem}`).join('\n\n');
    assert.deepStrictEqual(report.failures, [], `seed ${seed}:\n${summary}`);
    assert.ok(report.files > 100, `${report.files} variants`);
  });

  it('cuts off alias bombs and deep nesting in every kind of file', function () {
    this.timeout(120_000);
    const report = fuzz({ seed: 1, variants: 1, timeBoundMs: 2000, only: ['aliasBomb', 'deepNesting'] });
    assert.deepStrictEqual(report.failures, []);
  });
});
