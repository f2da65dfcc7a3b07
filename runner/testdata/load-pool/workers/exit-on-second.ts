/** Ends the worker thread when it is sent its second message; imported before the real worker's listener. */
import { parentPort } from 'node:worker_threads';

let received = 0;
parentPort!.on('message', () => {
  if (++received === 2) process.exit(3);
});
