/**
 * The documentation page of each finding code, `docs/checks/<CODE>.md` (shipped with the package),
 * read for the SARIF rules' help text.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder of the pages, found from this file upwards (source tree or `dist/`). */
export function checkDocsDir(): string | undefined {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    try {
      readFileSync(join(dir, 'package.json'));
      return join(dir, 'docs', 'checks');
    } catch {
      if (dirname(dir) === dir) return undefined;
    }
  }
}

/** The repository-relative path of a code's page. */
export function checkDocPath(code: string): string {
  return `docs/checks/${code}.md`;
}

/** The page of `code`, or a line naming it when the page is not installed. */
export function checkDoc(code: string, title: string): string {
  const dir = checkDocsDir();
  if (dir !== undefined) {
    try {
      return readFileSync(join(dir, `${code}.md`), 'utf8');
    } catch {
      // Not installed beside the package: the title and where the page lives.
    }
  }
  return `${title}. See iamspec's ${checkDocPath(code)}.`;
}
