// A load worker that replies for a file it was not sent (runner/load-pool.test.ts).
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (request) => parentPort.postMessage({ kind: 'failed', index: request.index + 1000, message: 'broken worker' }));
