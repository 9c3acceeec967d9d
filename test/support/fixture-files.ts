import * as fs from 'fs';
import * as path from 'path';

/** The bundled examples and the test fixtures, which the property tests and the fuzzer start from. */

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export const fixtureRoots = [path.join(repoRoot, 'examples'), path.join(repoRoot, 'test', 'fixtures')];

/** Every file below a directory, as absolute paths. */
export function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}
