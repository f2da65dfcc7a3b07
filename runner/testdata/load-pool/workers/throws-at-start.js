// A load worker that throws before it can take a file (runner/load-pool.test.ts).
throw new Error('broken worker: cannot start');
