/**
 * Issue 17's loading figure: a suite written as a team writes one request per expectation, in many
 * files: 20,020 requests in 91 scenario files (about 9 MB of YAML), each expectation spelling out
 * its principal, secret, action, name and a five-key context. Heads are those of the end-to-end
 * suite (bench/suite.ts), so decisions are known by construction: `app-*` → allow, `user-*` →
 * implicitDeny (stated as `deny`), `ext-*` → explicitDeny; the whole suite passes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { header } from './suite';

/** Files and requests per file of the suite. */
export const MANY_FILES = { files: 91, requestsPerFile: 220 } as const;

const actions = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:DescribeSecret',
  'secretsmanager:PutSecretValue',
  'secretsmanager:GetResourcePolicy',
  'secretsmanager:ListSecretVersionIds',
  'secretsmanager:TagResource',
  'secretsmanager:RotateSecret',
];
const groups = [
  ['app', 'allow'],
  ['user', 'deny'],
  ['ext', 'explicitDeny'],
] as const;

/** Writes the suite into `dir`; returns its size in bytes and its number of requests. */
export function writeManyFiles(dir: string): { bytes: number; requests: number; files: number } {
  mkdirSync(dir, { recursive: true });
  const principals = 10;
  const secrets = 10;
  let bytes = 0;
  let requests = 0;
  for (let k = 0; k < MANY_FILES.files; k++) {
    const lines: string[] = [header(k, principals, secrets).replace(/^name: .*$/m, `name: many files ${k}`)];
    for (let n = 0; n < MANY_FILES.requestsPerFile; n++) {
      const [prefix, expected] = groups[n % groups.length]!;
      const p = `${prefix}-${(n * 7) % principals}`;
      const r = `db-${(n * 3) % secrets}`;
      const action = actions[n % actions.length]!;
      lines.push(
        `  - name: "request ${k}-${n}: ${p} calls ${action} on ${r} from the office network over TLS in us-east-1"`,
        `    principal: ${p}`,
        `    resource: ${r}`,
        `    ${expected}: [${action}]`,
        '    context:',
        `      aws:SourceIp: 10.${k % 250}.${n % 250}.${(n * 13) % 250}`,
        '      aws:SecureTransport: true',
        '      aws:RequestedRegion: us-east-1',
        `      aws:UserAgent: "aws-sdk-js/3.700.0 ua/2.1 os/linux#6.1 lang/js md/nodejs#20.19.0 api/secrets-manager#3.700.0 request-${n}"`,
        `      aws:CurrentTime: "2026-11-${String(1 + (n % 28)).padStart(2, '0')}T${String(n % 24).padStart(2, '0')}:00:00Z"`,
      );
      requests++;
    }
    const text = lines.join('\n') + '\n';
    writeFileSync(join(dir, `suite-${String(k).padStart(3, '0')}.yaml`), text);
    bytes += Buffer.byteLength(text);
  }
  return { bytes, requests, files: MANY_FILES.files };
}
