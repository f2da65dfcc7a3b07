// A load worker that replies that building failed, as runner/load-worker.ts does on an exception
// (runner/load-pool.test.ts).
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (request) => parentPort.postMessage({ kind: 'failed', index: request.index, message: 'broken worker' }));
