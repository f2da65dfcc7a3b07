/**
 * The real load worker (runner/load-worker.ts), ended when it is sent its second file
 * (runner/load-pool.test.ts): the first file comes back from the worker, the others are loaded by
 * the other worker or in process.
 */
import './exit-on-second';
import '../../../load-worker';
