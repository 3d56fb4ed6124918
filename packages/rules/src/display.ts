/**
 * How a status is shown (italian-verification-rules.md §2 "Output mapping", §10 item 13). The rules always compute
 * the full model; collapsing is presentation only.
 */
import { Status } from './status.ts'

export interface DisplayOptions {
  /**
   * The production mapping the documentation allows: REVOKED, NOT_VALID_YET and EXPIRED are all shown as NOT_VALID
   * (a red screen that does not tell a forger which check caught them).
   */
  readonly production?: boolean
  /** The reference's `fullModel = true`: every status as computed. Ignored when `production` is set. */
  readonly fullModel?: boolean
}

/**
 * The status to show. By default as the reference's `init()` (`fullModel = false`): NOT_VALID_YET → NOT_VALID, all
 * others unchanged.
 *
 * @example displayStatus(Status.REVOKED, { production: true }) // 'NOT_VALID'
 */
export function displayStatus(status: Status, options: DisplayOptions = {}): Status {
  if (options.production) {
    const collapsed = status === Status.REVOKED || status === Status.NOT_VALID_YET || status === Status.EXPIRED
    return collapsed ? Status.NOT_VALID : status
  }
  if (options.fullModel) return status
  return status === Status.NOT_VALID_YET ? Status.NOT_VALID : status
}
