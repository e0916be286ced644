/** One scored statement of the answer key about one output: what was expected, what was found, and the verdict. */
export interface CheckResult {
  /** A tag path, "outcome", or "pixels frame 0 x,y w×h". */
  readonly subject: string;
  readonly expected: string;
  readonly got: string;
  readonly status: 'pass' | 'fail' | 'not scored';
}
