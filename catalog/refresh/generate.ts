/**
 * `npm run catalog:generate`: rewrites `catalog/data/` from the pinned iam-data package, the seeds,
 * the global keys and the pinned AWS managed policies package, prints every seed-versus-data difference, and reports the data's size.
 * Run with ts-node; never imported at run time.
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildCatalog } from './build';
import { iamDataDir } from './from-iam-data';
import { compressManagedPolicies, managedPoliciesPackageDir } from './managed-policies';
import { managedPoliciesFileName } from '../managed-policies';

/** The repository root (this file is `catalog/refresh/generate.ts`). */
export const repoRoot = join(__dirname, '..', '..');

/** The committed data folder. */
export const dataDir = join(repoRoot, 'catalog', 'data');

/** Builds and writes the data; returns the messages and the number of bytes written. */
export function generate(outDir = dataDir): { messages: string[]; bytes: number; files: number } {
  const { files, messages, managedPolicies } = buildCatalog({
    iamDataDir: iamDataDir(repoRoot),
    seedsDir: join(repoRoot, 'catalog', 'refresh', 'seeds'),
    managedPoliciesDir: managedPoliciesPackageDir(repoRoot),
  });
  // Start from an empty services folder so a service the data dropped does not linger.
  rmSync(join(outDir, 'services'), { recursive: true, force: true });
  let bytes = 0;
  for (const [path, text] of files) {
    const file = join(outDir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
  }
  const gz = compressManagedPolicies(managedPolicies);
  writeFileSync(join(outDir, managedPoliciesFileName), gz);
  bytes += gz.length;
  messages.push(
    `${managedPoliciesFileName}: ${(Buffer.byteLength(managedPolicies) / 1e6).toFixed(2)} MB of text, ${(gz.length / 1e3).toFixed(0)} KB gzipped`,
  );
  return { messages, bytes, files: files.size + 1 };
}

/** Total size in bytes of the files under `dir`. */
export function folderSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    total += entry.isDirectory() ? folderSize(p) : statSync(p).size;
  }
  return total;
}

if (require.main === module) {
  const result = generate();
  for (const m of result.messages) console.log(m);
  console.log(`wrote ${result.files} files, ${(result.bytes / 1024 / 1024).toFixed(2)} MiB, to ${dataDir}`);
  console.log(`catalog/data on disk: ${(folderSize(dataDir) / 1024 / 1024).toFixed(2)} MiB`);
}
