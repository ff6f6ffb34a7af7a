import { execFileSync } from 'node:child_process';

/** The CLI tests run the bundle as users do, so it must match the sources under test. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
