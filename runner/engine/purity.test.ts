import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Engine sources: every .ts under runner/engine except tests and testdata/. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'testdata' ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

const forbidden: { name: string; pattern: RegExp }[] = [
  { name: 'file system', pattern: /\bfrom\s+['"](node:)?fs(\/promises)?['"]|require\(\s*['"](node:)?fs/ },
  { name: 'child processes', pattern: /\bfrom\s+['"](node:)?child_process['"]|require\(\s*['"](node:)?child_process/ },
  {
    name: 'network',
    pattern:
      /\bfrom\s+['"](node:)?(net|http|https|http2|dgram|dns|tls)['"]|require\(\s*['"](node:)?(net|http|https|http2|dgram|dns|tls)['"]/,
  },
  { name: 'clock', pattern: /\bDate\.now\s*\(|\bnew\s+Date\s*\(|\bperformance\.now\s*\(|\bprocess\.hrtime/ },
  { name: 'randomness', pattern: /\bMath\.random\s*\(|\bcrypto\.random|\bfrom\s+['"](node:)?crypto['"]/ },
  { name: 'console', pattern: /\bconsole\.\w+/ },
  { name: 'process state', pattern: /\bprocess\.(env|argv|cwd|exit)\b/ },
];

describe('the engine is pure', () => {
  const root = __dirname;
  const files = sources(root);
  it('has sources to check', () => {
    expect(files.map((f) => relative(root, f))).to.include.members(['evaluate.ts', 'decide.ts', 'request.ts']);
  });
  for (const file of files) {
    it(`${relative(root, file)} uses no file system, network, clock, randomness or console`, () => {
      // Comments may mention these words; only code counts.
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:])\/\/.*$/gm, '$1');
      for (const f of forbidden) expect(f.pattern.test(code), `${relative(root, file)} uses ${f.name}`).to.equal(false);
    });
  }
  it('detects a forbidden use (the check itself can fail)', () => {
    const bad = "import { readFileSync } from 'node:fs';\nconst t = Date.now();";
    expect(forbidden.filter((f) => f.pattern.test(bad)).map((f) => f.name)).to.deep.equal(['file system', 'clock']);
  });
});
