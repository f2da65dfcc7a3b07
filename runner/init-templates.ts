/**
 * What `iamspec init` writes and prints: a starter scenario that passes as written, a GitHub
 * Actions workflow, and the GitLab CI and Jenkins equivalents of that workflow. Every text is a
 * constant: the command adds nothing from the machine it runs on, so a second `init` elsewhere
 * writes the same bytes.
 */
import { DEFAULT_SCENARIO_PATH } from './default-paths';

/**
 * Where the scenario JSON Schema lies in a repository that installed iamspec with npm; the
 * package ships it there (package.json `files`; test/package/pack-contents.test.ts checks it).
 */
export const installedSchemaPath = 'node_modules/iamspec/runner/load/scenario.schema.json';

/** One file `iamspec init` creates, relative to the folder it is given. */
export interface StarterFile {
  /** POSIX path relative to the folder, such as `cases/example.yaml`. */
  path: string;
  /** The whole text, ending with a newline. */
  text: string;
}

/** The command the workflow and its GitLab CI and Jenkins equivalents run. */
export const ciTestCommand = `npx iamspec test ${DEFAULT_SCENARIO_PATH} --strict --junit reports/junit.xml`;

/**
 * The starter scenario. Its modeline names the installed schema relative to the scenario file
 * (`cases/` is one folder below the repository root, hence `../`), so the YAML language server
 * (VS Code's YAML extension) completes keys, shows each key's description on hover and flags
 * unknown keys. Its expectations hold under AWS's rules, so `iamspec test --strict` passes on it.
 */
export const exampleScenario: StarterFile = {
  path: `${DEFAULT_SCENARIO_PATH}/example.yaml`,
  text: `# yaml-language-server: $schema=../${installedSchemaPath}
# A starter suite written by \`iamspec init\`. Run it with \`npx iamspec test\`; then replace the
# policies, principals and resources below with your own. Hover a key in your editor for its
# documentation. Each expectation expands into test cases: one per principal × resource × action.
name: Example - an application role and its secrets
vars:
  account: "111122223333"

policies:
  app-secrets:
    Version: "2012-10-17"
    Statement:
      - Effect: Allow
        Action: [secretsmanager:GetSecretValue, secretsmanager:DescribeSecret]
        Resource: arn:aws:secretsmanager:us-east-1:\${account}:secret:app/*
      - Effect: Allow
        Action: secretsmanager:ListSecrets
        Resource: "*"
  no-deletes:
    Version: "2012-10-17"
    Statement:
      - Effect: Deny
        Action: secretsmanager:DeleteSecret
        Resource: "*"

principals:
  app:
    arn: arn:aws:iam::\${account}:role/app
    policies: [app-secrets, no-deletes]

resources:
  app-db:
    arn: arn:aws:secretsmanager:us-east-1:\${account}:secret:app/db-AbCdEf
  billing-db:
    arn: arn:aws:secretsmanager:us-east-1:\${account}:secret:billing/db-GhIjKl

expect:
  - name: the application reads its own secrets
    principal: app
    resource: app-db
    allow: [secretsmanager:GetSecretValue, secretsmanager:DescribeSecret]
  - name: the application cannot change them
    principal: app
    resource: app-db
    implicitDeny: [secretsmanager:PutSecretValue, secretsmanager:UpdateSecret]
  - name: the Deny statement of no-deletes stops deletes
    principal: app
    resource: app-db
    explicitDeny: [secretsmanager:DeleteSecret]
  - name: another team's secret is out of reach
    principal: app
    resource: billing-db
    implicitDeny: [secretsmanager:GetSecretValue]
  - name: listing secrets takes no resource
    principal: app
    allow: [secretsmanager:ListSecrets]
`,
};

/** The GitHub Actions workflow: checkout, Node.js, `npm ci`, the tests, and the JUnit report kept. */
export const githubWorkflow: StarterFile = {
  path: '.github/workflows/iamspec.yml',
  text: `# Written by \`iamspec init\`: runs the IAM policy tests in cases/ on every push and pull request.
# iamspec must be a dev dependency of this repository (npm install --save-dev ./iamspec-0.1.0.tgz,
# or github:iamspec/iamspec#v0.1.0: see iamspec's README, "Install").
name: IAM policy tests
on: [push, pull_request]
permissions:
  contents: read
jobs:
  iamspec:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 22
          cache: npm
      - run: npm ci
      - run: ${ciTestCommand}
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: iamspec-junit
          path: reports/junit.xml
`,
};

/** The files `iamspec init` creates, in the order it reports them. */
export const starterFiles: readonly StarterFile[] = [exampleScenario, githubWorkflow];

/** The GitLab CI job, printed for `.gitlab-ci.yml` (GitLab shows the JUnit report in merge requests). */
export const gitlabJob = `iamspec:
  image: node:22
  script:
    - npm ci
    - ${ciTestCommand}
  artifacts:
    when: always
    reports:
      junit: reports/junit.xml
`;

/** The Jenkins pipeline, printed for a `Jenkinsfile` (needs the NodeJS and JUnit plugins). */
export const jenkinsPipeline = `pipeline {
  agent any
  stages {
    stage('IAM policy tests') {
      steps {
        sh 'npm ci'
        sh '${ciTestCommand}'
      }
    }
  }
  post {
    always {
      junit 'reports/junit.xml'
    }
  }
}
`;
