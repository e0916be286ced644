/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage:
  deid-share deidentify --profile <id|file> [--option <id>]... --secret-file <file> --out <dir>
                        [--report <file>] [--mappings <dir>] [--state <file>] [--site <id>] [--max-instance-mib <n>]
                        <file-or-folder>...
  deid-share profiles list
  deid-share profiles show <id|file>
  deid-share profiles sources <id|file>
  deid-share profiles compare [--basis action|modify-keep] [--format markdown|csv] [--table summary|attributes] <id|file>...
  deid-share pseudonym --profile <id|file> --secret-file <file> [--site <id>] [--issuer <text>]
                       (<patient-id>... | --csv <file> [--column <name>]) [--out <file>]
  deid-share serve --config <file>
  deid-share scan [--profile <id|file>] [--report <file>] <file-or-folder>...
  deid-share evaluate --profile <id|file> [--option <id>]... --key <answer-key> [--secret-file <file>] [--site <id>]
                      [--out <dir>] [--report <file>] <folder>

Exit codes: 0 every input de-identified (scan: clean; evaluate: every check passed, no new IOD error);
            1 some input withheld or refused (scan: findings; evaluate: misses or new IOD errors); 2 usage error.`;
