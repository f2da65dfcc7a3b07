// A load worker that throws (uncaught) when it is sent a file (runner/load-pool.test.ts).
require('node:worker_threads').parentPort.on('message', () => {
  throw new Error('broken worker: cannot build');
});
