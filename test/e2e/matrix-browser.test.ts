/**
 * The HTML access matrix in a real headless browser (Debian's chromium driven by playwright-core):
 * it opens from a file with no network, renders every case, and its filter box keeps the rows
 * whose principal, action, resource or decision match.
 *
 * Without `/usr/bin/chromium` the tests are skipped, with a title saying how to enable them; CI
 * (`.ci/run`) installs chromium and sets `IAMSPEC_REQUIRE_BROWSER=1`, under which a missing
 * browser fails the run instead.
 */
import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { main } from '../../runner/cli';

const chromiumPath = '/usr/bin/chromium';
const required = process.env.IAMSPEC_REQUIRE_BROWSER === '1';
const repo = join(__dirname, '..', '..');

/** The filter words typed, and the rows (principal, action, decision) that must stay visible. */
interface FilterCase {
  name: string;
  input: string;
  want: (row: Row) => boolean;
}

interface Row {
  principal: string;
  action: string;
  resource: string;
  decision: string;
}

describe('the HTML access matrix in a headless browser', function () {
  this.timeout(60_000);
  if (!existsSync(chromiumPath) && !required) {
    it.skip(`needs ${chromiumPath}: install it (\`apt-get install chromium\`) to run these; IAMSPEC_REQUIRE_BROWSER=1 makes its absence a failure`, () => {});
    return;
  }

  let browser: Browser;
  let page: Page;
  let dir: string;
  const requests: string[] = [];
  let fileUrl: string;
  /** The number of stated cases (records of the CSV matrix). */
  let stated: number;

  before(async () => {
    if (!existsSync(chromiumPath))
      throw new Error(`IAMSPEC_REQUIRE_BROWSER=1 and ${chromiumPath} is missing: install it with \`apt-get install -y chromium\``);
    dir = mkdtempSync(join(tmpdir(), 'iamspec-matrix-html-'));
    const file = join(dir, 'access.html');
    let stderr = '';
    const code = await main(['matrix', 'cases', '--out', file], { stdout: () => {}, stderr: (t) => void (stderr += t), cwd: repo });
    expect(code, stderr).to.equal(0);
    let csv = '';
    expect(await main(['matrix', 'cases', '--format', 'csv'], { stdout: (t) => void (csv += t), stderr: () => {}, cwd: repo })).to.equal(0);
    stated = csv.split('\r\n').length - 2;
    fileUrl = pathToFileURL(file).href;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage();
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(fileUrl);
  });

  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function visibleRows(): Promise<Row[]> {
    return page.$$eval('#cases tbody tr:not([hidden])', (trs) =>
      trs.map((tr) => {
        const d = (name: string): string => tr.getAttribute(`data-${name}`) ?? '';
        return { principal: d('principal'), action: d('action'), resource: d('resource'), decision: d('decision') };
      }),
    );
  }

  async function allRows(): Promise<Row[]> {
    await page.fill('#filter', '');
    return visibleRows();
  }

  it('loads nothing but its own file', () => {
    expect(requests).to.deep.equal([fileUrl]);
  });

  it('renders one row per stated case of the suites, and the summaries', async () => {
    const rows = await allRows();
    expect(rows.length).to.equal(stated).and.to.be.greaterThan(200);
    expect(await page.textContent('#count')).to.equal(`${rows.length} of ${rows.length} cases`);
    expect(await page.locator('table.summary').count()).to.be.greaterThan(10);
    const decisions = new Set(rows.map((r) => r.decision));
    expect([...decisions].sort()).to.deep.equal(['allow', 'explicit deny', 'implicit deny']);
  });

  const filters: FilterCase[] = [
    {
      name: 'one word matches any column',
      input: 'kms:decrypt',
      want: (r) => [r.principal, r.action, r.resource, r.decision].some((f) => f.includes('kms:decrypt')),
    },
    { name: 'a named column narrows the word to it', input: 'decision:explicit', want: (r) => r.decision === 'explicit deny' },
    {
      name: 'every word must match (case-insensitive)',
      input: 'Principal:app  ACTION:secretsmanager:get',
      want: (r) => r.principal.includes('app') && r.action.includes('secretsmanager:get'),
    },
    {
      name: 'a resource and a decision',
      input: 'resource:payments decision:allow',
      want: (r) => r.resource.includes('payments') && r.decision === 'allow',
    },
    { name: 'words that match nothing hide every row', input: 'no-such-principal-anywhere', want: () => false },
  ];

  for (const f of filters) {
    it(`filters: ${f.name} (\`${f.input}\`)`, async () => {
      const all = await allRows();
      const want = all.filter(f.want);
      await page.fill('#filter', f.input);
      const got = await visibleRows();
      expect(got).to.deep.equal(want);
      expect(await page.textContent('#count')).to.equal(`${want.length} of ${all.length} cases`);
      if (f.input !== 'no-such-principal-anywhere') expect(want.length).to.be.greaterThan(0);
      expect(want.length).to.be.lessThan(all.length);
    });
  }
});
