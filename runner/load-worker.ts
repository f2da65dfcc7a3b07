/**
 * A load worker (runner/load-pool.ts): loads the catalog as the CLI does, then loads and builds
 * each file it is sent with runner/pipeline.ts `buildFile`, exactly as the in-process path, and
 * replies with the Built and the texts read (runner/load-pool-messages.ts). An exception building
 * a file (a bug) is replied as `failed`: the main thread loads that file in process, where it
 * throws as it would without a pool.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadCatalog } from '../catalog/catalog';
import { builtReply, policyChecks, type BuildReply, type BuildRequest, type WorkerSetup } from './load-pool-messages';
import { buildFile } from './pipeline';

const setup = workerData as WorkerSetup;
const catalog = loadCatalog(setup.catalogDir);
// INVARIANT: the worker checks policies against the catalog the main thread plans with.
if (JSON.stringify(catalog.sources()) !== setup.catalogSources) throw new Error(`the catalog in \`${setup.catalogDir}\` is not the run's`);
const options = { cwd: setup.cwd, catalog, strict: setup.strict, checkPolicy: setup.check ? policyChecks[setup.check] : undefined };

parentPort!.on('message', (request: BuildRequest) => {
  try {
    const read = new Map<string, string>();
    const built = buildFile(request.file, options, read);
    // A value that cannot be cloned throws here (DataCloneError), and is replied as a failure too.
    parentPort!.postMessage(builtReply(request.index, { built, sources: [...read] }));
  } catch (e) {
    const failed: BuildReply = { kind: 'failed', index: request.index, message: String((e as Error)?.stack ?? e) };
    parentPort!.postMessage(failed);
  }
});
