// npm run fuzz: the long fuzzing run. FUZZ_SEED and FUZZ_VARIANTS (per seed file) reproduce or extend it.
import { initRuntime } from '../server/src/node/runtime';
import { fuzz } from '../test/support/fuzz';

const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const variants = Number(process.env.FUZZ_VARIANTS ?? 200);
void initRuntime().then(() => {
  const report = fuzz({ seed, variants, timeBoundMs: 2000 });
  for (const failure of report.failures) console.log(`${failure.file} [${failure.mutation}]: ${failure.problem}\n`);
  console.log(`seed ${seed}: ${report.files} variants, ${report.failures.length} failures, slowest ${report.maxMs.toFixed(0)} ms (${report.slowest})`);
  process.exitCode = report.failures.length > 0 ? 1 : 0;
});
