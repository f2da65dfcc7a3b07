import { expect } from 'chai';
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AtomicFile, removePendingTemp, writeFileAtomic } from './write-atomic';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'iamspec-write-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the chunks, creating parent directories, and leaves no temporary file', () => {
    const path = join(dir, 'a', 'b', 'report.xml');
    writeFileAtomic(path, ['<x>', 'é✓', '</x>\n']);
    expect(readFileSync(path, 'utf8')).to.equal('<x>é✓</x>\n');
    expect(readdirSync(join(dir, 'a', 'b'))).to.deep.equal(['report.xml']);
  });

  it('replaces an existing file whole', () => {
    const path = join(dir, 'report.json');
    writeFileSync(path, 'old content that is longer than the new one');
    writeFileAtomic(path, ['new']);
    expect(readFileSync(path, 'utf8')).to.equal('new');
  });

  it('writes more than one batch, in order', () => {
    const path = join(dir, 'big.txt');
    const chunks = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(40)}\n`);
    writeFileAtomic(path, chunks);
    expect(readFileSync(path, 'utf8')).to.equal(chunks.join(''));
  });

  it('throws a clear error when the parent is a file, and leaves nothing behind', () => {
    writeFileSync(join(dir, 'plain'), 'x');
    const path = join(dir, 'plain', 'report.xml');
    expect(() => writeFileAtomic(path, ['x'])).to.throw(
      `cannot write \`${path}\`: a file is in the way of directory \`${join(dir, 'plain')}\``,
    );
    expect(readdirSync(dir)).to.deep.equal(['plain']);
  });

  it('fails at once where no folder can be made (a path under /proc)', function () {
    if (process.platform !== 'linux') this.skip();
    // Node 20's recursive mkdir retries forever here; one level at a time fails on the first.
    expect(() => writeFileAtomic('/proc/iamspec-nope/x.xml', ['x'])).to.throw(
      'cannot write `/proc/iamspec-nope/x.xml`: no such file or folder',
    );
  });

  it('removes the temporary file when the target is a directory', () => {
    const path = join(dir, 'report.xml');
    mkdirSync(path);
    // The reason is words, not Node's `EISDIR: ..., rename 'TEMP' -> 'PATH'`, which names our temporary file.
    expect(() => writeFileAtomic(path, ['x'])).to.throw(/^cannot write `.*report\.xml`: it is a folder$/);
    expect(readdirSync(dir)).to.deep.equal(['report.xml']);
  });

  it('keeps the old report and removes the temporary file when the chunk source throws', () => {
    const path = join(dir, 'report.xml');
    writeFileSync(path, 'previous');
    function* failing(): Generator<string> {
      yield 'partial';
      throw new Error('reporter broke');
    }
    let thrown: unknown;
    try {
      writeFileAtomic(path, failing());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.be.instanceOf(Error);
    expect((thrown as Error).message).to.equal(`cannot write \`${path}\`: reporter broke`);
    expect(((thrown as Error).cause as Error).message).to.equal('reporter broke');
    expect(readFileSync(path, 'utf8')).to.equal('previous');
    expect(readdirSync(dir)).to.deep.equal(['report.xml']);
  });

  it('writes the target of a symbolic link atomically and keeps the link', () => {
    const real = join(dir, 'real.xml');
    writeFileSync(real, 'old');
    symlinkSync(real, join(dir, 'link.xml'));
    writeFileAtomic(join(dir, 'link.xml'), ['new']);
    expect(lstatSync(join(dir, 'link.xml')).isSymbolicLink()).to.equal(true);
    expect(readFileSync(real, 'utf8')).to.equal('new');
    expect(readdirSync(dir).sort()).to.deep.equal(['link.xml', 'real.xml']);
  });

  it('writes through a named pipe instead of replacing it with a regular file', function () {
    if (process.platform === 'win32') this.skip();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    // A reader in another process, so the synchronous open for writing does not block forever.
    const reader = spawn('cat', [fifo]);
    let read = '';
    reader.stdout.on('data', (d: Buffer) => (read += d.toString()));
    return new Promise<void>((done, fail) => {
      reader.on('spawn', () => {
        try {
          writeFileAtomic(fifo, ['through ', 'the pipe']);
        } catch (e) {
          fail(e as Error);
        }
      });
      reader.on('close', () => {
        try {
          expect(read).to.equal('through the pipe');
          expect(lstatSync(fifo).isFIFO()).to.equal(true);
          done();
        } catch (e) {
          fail(e as Error);
        }
      });
    });
  });
});

describe("writeFileAtomic to the process's own stderr redirected to a log file", () => {
  it('appends to the log (`--junit /dev/stderr 2>>ci.log`), never renames over it', function () {
    if (process.platform !== 'linux') this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'iamspec-stderr-'));
    try {
      const log = join(dir, 'ci.log');
      writeFileSync(log, 'EARLIER LOG\n');
      const fd = openSync(log, 'a');
      const script = `require(${JSON.stringify(join(__dirname, 'write-atomic'))}).writeFileAtomic('/dev/stderr', ['<report/>', '\\n'])`;
      try {
        execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
          stdio: ['ignore', 'ignore', fd],
          cwd: join(__dirname, '..'),
        });
      } finally {
        closeSync(fd);
      }
      expect(readFileSync(log, 'utf8')).to.equal('EARLIER LOG\n<report/>\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('AtomicFile: a report written as the run goes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'iamspec-stream-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const temps = (): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

  it('writes the text to a temporary file during the run; the target appears whole only on commit', () => {
    const path = join(dir, 'report.xml');
    writeFileSync(path, 'the previous report');
    const file = AtomicFile.open(path);
    const line = `<testcase name="${'x'.repeat(60)}"/>\n`;
    for (let i = 0; i < 5000; i++) file.write(line);
    // Most of the text is on disk already, not in memory; the old report is still in place.
    expect(temps()).to.have.length(1);
    expect(readFileSync(join(dir, temps()[0]!), 'utf8').length).to.be.greaterThan(line.length * 4000);
    expect(readFileSync(path, 'utf8')).to.equal('the previous report');
    file.commit();
    expect(readFileSync(path, 'utf8')).to.equal(line.repeat(5000));
    expect(temps()).to.deep.equal([]);
  });

  it('keeps a character whose two UTF-16 halves straddle a batch boundary', () => {
    const path = join(dir, 'r.json');
    const file = AtomicFile.open(path);
    const text = 'a'.repeat(64 * 1024 - 1) + '😀' + 'b';
    file.write(text.slice(0, 64 * 1024)); // ends with the high surrogate
    file.write(text.slice(64 * 1024));
    file.commit();
    expect(readFileSync(path, 'utf8')).to.equal(text);
  });

  it('abort removes the temporary file and leaves the target as it was', () => {
    const path = join(dir, 'report.xml');
    writeFileSync(path, 'kept');
    const file = AtomicFile.open(path);
    file.write('x'.repeat(200_000));
    file.abort();
    expect(readFileSync(path, 'utf8')).to.equal('kept');
    expect(temps()).to.deep.equal([]);
  });

  it('keeps an error from opening until commit, which throws it', () => {
    writeFileSync(join(dir, 'plain'), 'x');
    const file = AtomicFile.open(join(dir, 'plain', 'report.xml'));
    file.write('ignored');
    expect(() => file.commit()).to.throw(/^cannot write `.*report\.xml`: /);
    expect(temps()).to.deep.equal([]);
  });

  it('removePendingTemp removes the temporary file of every report being written', () => {
    const a = AtomicFile.open(join(dir, 'a.xml'));
    const b = AtomicFile.open(join(dir, 'b.json'));
    a.write('a');
    b.write('b');
    expect(temps()).to.have.length(2);
    removePendingTemp();
    expect(temps()).to.deep.equal([]);
    a.abort();
    b.abort();
  });
});
