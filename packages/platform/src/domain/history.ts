/**
 * A person's history as the domain core reads it: every event accepted for them and every certificate issued to
 * them. A plain value the caller loads (from the database) and passes in; `applyToHistory` gives the next one, so
 * the core never stores anything.
 */
import type { HistoryCertificate, IssuedCertificate } from './certificate.ts'
import type { ValidEvent } from './events.ts'

/** What the platform knows of one person. Events in recording order. */
export interface PersonHistory {
  readonly events: readonly ValidEvent[]
  readonly certificates: readonly HistoryCertificate[]
}

/** The history of a person the platform has never seen. */
export const EMPTY_HISTORY: PersonHistory = Object.freeze({ events: [], certificates: [] })

/**
 * The history after `event` (undefined for a re-issue job, which has none) and the certificates issued for it:
 * codes dropped, and every certificate a new one `supersedes` marked `supersededBy`. Never mutates `history`.
 *
 * @example
 * const issued = decideIssuance(history, event, context)
 * history = applyToHistory(history, event, issued)
 */
export function applyToHistory(
  history: PersonHistory,
  event: ValidEvent | undefined,
  issued: readonly IssuedCertificate[],
): PersonHistory {
  const replacedBy = new Map<string, string>()
  for (const certificate of issued) {
    if (certificate.supersedes !== undefined) replacedBy.set(certificate.supersedes, certificate.uvci)
  }
  const previous = history.certificates.map((certificate) => {
    const by = replacedBy.get(certificate.uvci)
    return by === undefined ? certificate : { ...certificate, supersededBy: by }
  })
  const added = issued.map((certificate): HistoryCertificate => {
    const { code: _code, ...kept } = certificate
    return kept
  })
  return {
    events: event === undefined ? history.events : [...history.events, event],
    certificates: [...previous, ...added],
  }
}

/**
 * True when `event` (by facility and event id) is already in the history: intake is idempotent.
 *
 * @example if (hasEvent(history, event)) return stored result
 */
export function hasEvent(history: PersonHistory, event: ValidEvent): boolean {
  return history.events.some((seen) => seen.eventId === event.eventId && seen.facilityId === event.facilityId)
}

/**
 * True when a certificate has been replaced: marked `supersededBy`, or named by another's `supersedes`.
 *
 * @example isSuperseded(history, certificate.uvci)
 */
export function isSuperseded(history: PersonHistory, uvci: string): boolean {
  return history.certificates.some(
    (certificate) =>
      certificate.supersedes === uvci || (certificate.uvci === uvci && certificate.supersededBy !== undefined),
  )
}
