// vitest globalSetup: before any test file runs, the build the command line
// runs (dist/, scripts/build.mjs) is made fresh from the sources, so that
// the tests that start bin/s2check.mjs run the code under test. (The
// launcher checks the build too; doing it once here keeps parallel test
// files from racing to rebuild it.)

import { freshBuild } from '../../scripts/build.mjs';

export default async function setup(): Promise<void> {
  await freshBuild();
}
