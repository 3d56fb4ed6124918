/** Failures of the re-issue jobs. Callers branch on `code`, never on `message`. */

/** The stable codes of `JobError`. */
export type JobErrorCode =
  /** Options out of range: a batch size that is not a positive integer, a window not within 1–539 days. */
  | 'JOB_OPTIONS_INVALID'
  /**
   * Another run replaced the same certificate first (a concurrent job): this person's transaction was rolled back
   * and is counted as a conflict, never issued twice.
   */
  | 'JOB_CONFLICT'

/**
 * The error of the re-issue jobs.
 *
 * @example throw new JobError('JOB_OPTIONS_INVALID', 'batchSize must be a positive integer')
 */
export class JobError extends Error {
  override name = 'JobError'
  readonly code: JobErrorCode

  constructor(code: JobErrorCode, message: string) {
    super(message)
    this.code = code
  }
}

/**
 * True when `error` is a `JobError`, optionally with the given code.
 *
 * @example if (isJobError(error, 'JOB_CONFLICT')) conflicts++
 */
export function isJobError(error: unknown, code?: JobErrorCode): error is JobError {
  return error instanceof JobError && (code === undefined || error.code === code)
}
