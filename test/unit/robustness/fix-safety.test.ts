import * as assert from 'assert';
import { checkProject, checkProjectVariants, fixtureProjects, knownExceptions, projectFiles } from '../../support/fix-safety';
import { withBom } from '../../support/mutations';

/**
 * The fix safety property (test/support/fix-safety.ts) over every fix and suggestion of the bundled
 * examples and the test fixtures, and of seeded structure-preserving variants of them
 * (test/support/variants.ts): the same workspaces re-indented, in flow style, quoted, reordered,
 * commented, with extra documents, as JSON, with lowercase and continued Dockerfile instructions,
 * CRLF and a byte order mark.
 *
 * The short run checks FIX_SAFETY_VARIANTS (default 4) variants per workspace from FIX_SAFETY_SEED
 * (default 20261122); a failure names the seed and the variant, so it reproduces. The long run:
 * `npm run fuzz` (FUZZ_SEED, FIX_SAFETY_VARIANTS, default 100), or the same variables here.
 */

const seed = Number(process.env.FIX_SAFETY_SEED ?? 20261122);
const variantCount = Number(process.env.FIX_SAFETY_VARIANTS ?? 4);

describe('fix safety property', () => {
  const exceptionsSeen = new Set<string>();

  describe('over the examples and fixtures', () => {
    for (const project of fixtureProjects()) {
      it(project, function () {
        this.timeout(60_000);
        const report = checkProject(project);
        for (const exception of report.exceptionsSeen) exceptionsSeen.add(exception);
        assert.deepStrictEqual(report.problems, []);
      });
    }
  });

  describe(`over ${variantCount} variants of each (seed ${seed})`, () => {
    for (const project of fixtureProjects()) {
      it(project, function () {
        this.timeout(60_000 + variantCount * 30_000);
        const report = checkProjectVariants(project, seed, variantCount);
        for (const exception of report.exceptionsSeen) exceptionsSeen.add(exception);
        assert.deepStrictEqual(report.problems, []);
      });
    }
  });

  it('inserts keys at the column of a first key that follows a byte order mark', () => {
    const files = projectFiles('examples/catalog');
    const config = 'src/main/resources/application.yml';
    files.set(config, withBom(files.get(config) ?? ''));
    const report = checkProject('examples/catalog', files);
    assert.ok(report.fixes > 0 && report.findings.has('spring/graceful-shutdown'));
    assert.deepStrictEqual(report.problems, []);
  });

  after('every known exception still happens', function () {
    // Only a full, passing run has seen them all.
    const tests = (suite: Mocha.Suite): Mocha.Test[] => [...suite.tests, ...suite.suites.flatMap(tests)];
    if (!this.test?.parent || tests(this.test.parent).some((test) => test.state !== 'passed')) return;
    assert.deepStrictEqual([...knownExceptions.keys()].filter((exception) => !exceptionsSeen.has(exception)), [], 'a known exception no longer happens: remove it from the list');
  });
});
