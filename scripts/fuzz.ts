// npm run fuzz: the long fuzzing run. FUZZ_SEED and FUZZ_VARIANTS (per seed file) reproduce or extend it;
// FIX_SAFETY_VARIANTS (per workspace) sets how many structure-preserving variants the fix safety property checks.
import { initRuntime } from '../server/src/node/runtime';
import { checkProjectVariants, fixtureProjects } from '../test/support/fix-safety';
import { fuzz } from '../test/support/fuzz';

const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const variants = Number(process.env.FUZZ_VARIANTS ?? 200);
const fixVariants = Number(process.env.FIX_SAFETY_VARIANTS ?? 100);
void initRuntime().then(() => {
  const report = fuzz({ seed, variants, timeBoundMs: 2000 });
  for (const failure of report.failures) console.log(`${failure.file} [${failure.mutation}]: ${failure.problem}\n`);
  console.log(`seed ${seed}: ${report.files} variants, ${report.failures.length} failures, slowest ${report.maxMs.toFixed(0)} ms (${report.slowest})`);
  const fixProblems = fixtureProjects().flatMap((project) => checkProjectVariants(project, seed, fixVariants).problems);
  for (const problem of fixProblems) console.log(`${problem}\n`);
  console.log(`seed ${seed}: ${fixVariants} variants of each workspace, ${fixProblems.length} fix safety violations`);
  process.exitCode = report.failures.length + fixProblems.length > 0 ? 1 : 0;
});
