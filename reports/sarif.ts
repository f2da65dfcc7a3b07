/**
 * The SARIF reporter of `iamspec check --sarif FILE`: findings as a SARIF 2.1.0 log that GitHub
 * code scanning accepts.
 *
 * What is written, for each requirement:
 * - OASIS SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html): a
 *   `sarifLog` with `version` "2.1.0" and `$schema`, one `run`, whose `tool.driver` names the tool
 *   and lists its `rules` (reportingDescriptor: `id`, `shortDescription`, `fullDescription`, `help`,
 *   `defaultConfiguration.level`); each `result` has `ruleId`, `ruleIndex`, `level`, `message.text`
 *   and `locations[0].physicalLocation` (`artifactLocation.uri`, `region.startLine`,
 *   `region.startColumn`). Checked against the OASIS schema in `reports/sarif.test.ts`.
 * - GitHub code scanning ("SARIF support for code scanning",
 *   https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning):
 *   `artifactLocation.uri` relative to the repository root (here: the working directory, with
 *   `uriBaseId` `%SRCROOT%`), the rule's `help` shown in the alert (text and Markdown: the rule's
 *   page in `docs/checks/`), and security findings tagged `security` with a
 *   `security-severity` score, which GitHub reads to rank security alerts.
 *
 * SARIF levels: ERROR → `error`; SECURITY_WARNING and WARNING → `warning`; SUGGESTION → `note`.
 */

/** A finding as the reporter reads it (the check command's findings fit it). */
export interface SarifFinding {
  code: string;
  severity: 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';
  message: string;
  /** Path relative to the repository root, `/`-separated. */
  file: string;
  line?: number;
  column?: number;
}

/** A rule (one finding code). */
export interface SarifRule {
  code: string;
  severity: SarifFinding['severity'];
  /** One line. */
  title: string;
  /** The rule's documentation page (Markdown), shown as help. */
  help: string;
}

/** The SARIF `$schema` URI of version 2.1.0 (errata 01, as the OASIS schema's `id` names it). */
export const sarifSchemaUri = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

const levels = { ERROR: 'error', SECURITY_WARNING: 'warning', WARNING: 'warning', SUGGESTION: 'note' } as const;

/** GitHub's security-severity scores (0.1–10): ERROR findings are high, security warnings medium-high. */
const securitySeverity: Partial<Record<SarifFinding['severity'], string>> = { SECURITY_WARNING: '7.0' };

/** Percent-encodes a relative path for a URI, keeping `/`. */
function relativeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** The first paragraph of a Markdown page after its title, as plain text. */
function firstParagraph(markdown: string): string {
  const paragraphs = markdown.split(/\n\s*\n/).filter((p) => !/^\s*#/.test(p));
  return (paragraphs[0] ?? '').replace(/\s+/g, ' ').replace(/`/g, '').trim();
}

/** The SARIF log, as text (JSON with two-space indentation and a final newline). */
export function sarifReport(
  findings: readonly SarifFinding[],
  rules: readonly SarifRule[],
  tool: { name: string; version: string },
): string {
  const used = [...new Set(findings.map((f) => f.code))].sort();
  const ruleIndex = new Map(used.map((code, i) => [code, i]));
  const byCode = new Map(rules.map((r) => [r.code, r]));
  const descriptors = used.map((code) => {
    const rule = byCode.get(code);
    // INVARIANT: every finding's code has a rule (the command lists them all).
    if (!rule) throw new Error(`no SARIF rule for \`${code}\``);
    const tags = rule.severity === 'SECURITY_WARNING' ? ['security'] : [];
    return {
      id: code,
      name: code,
      shortDescription: { text: rule.title.replace(/`/g, '') },
      fullDescription: { text: firstParagraph(rule.help) || rule.title.replace(/`/g, '') },
      help: { text: rule.help, markdown: rule.help },
      defaultConfiguration: { level: levels[rule.severity] },
      properties: {
        tags,
        ...(securitySeverity[rule.severity] ? { 'security-severity': securitySeverity[rule.severity] } : {}),
        'iamspec-severity': rule.severity,
      },
    };
  });
  const results = findings.map((f) => {
    const region = f.line !== undefined ? { startLine: f.line, ...(f.column !== undefined ? { startColumn: f.column } : {}) } : undefined;
    return {
      ruleId: f.code,
      ruleIndex: ruleIndex.get(f.code)!,
      level: levels[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: relativeUri(f.file), uriBaseId: '%SRCROOT%' },
            ...(region ? { region } : {}),
          },
        },
      ],
      properties: { 'iamspec-severity': f.severity },
    };
  });
  const log = {
    $schema: sarifSchemaUri,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: tool.name, version: tool.version, rules: descriptors } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
