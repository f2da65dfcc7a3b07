// A load worker that ends its thread when it is sent a file (runner/load-pool.test.ts).
require('node:worker_threads').parentPort.on('message', () => process.exit(3));
