import { type BusinessRule, businessRuleProblems, compareRuleVersions } from '@greenpass/rules'
import type { AuthenticatedCountry } from '../auth/authenticate.ts'
import { GatewayProblem } from '../problem.ts'
import type { GatewayServices } from '../services.ts'
import { recordAudit } from './audit.ts'
import { openSignedUpload } from './signed-upload.ts'
import { formatTimestamp } from './trust-list.ts'

const RULE_CODES = { unreadable: '0x260', badSignature: '0x260', wrongUploader: '0x230' }
const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

/** One stored version of a rule as `GET /rules/{country}` lists it. */
export interface RuleVersion {
  readonly version: string
  readonly validFrom: string
  readonly validTo: string
  /** The uploaded CMS (base64) embedding the rule JSON. */
  readonly cms: string
}

/**
 * Adds a version of a validation rule (§2.6): the CMS and its UPLOAD signer (400, 0x230), the JSON with no trailing
 * tokens and the schema (400, 0x200), the identifier's and the `Country` field's country equal to the authenticated
 * one (403, 0x210), a version above the latest stored (400, 0x220), and the time constraints (400, 0x240).
 */
export async function uploadValidationRule(
  services: GatewayServices,
  auth: AuthenticatedCountry,
  body: string,
): Promise<void> {
  const upload = await openSignedUpload(services, auth, body, RULE_CODES)
  let parsed: unknown
  try {
    // JSON.parse refuses trailing tokens, as the reference's strict parser does.
    parsed = JSON.parse(Buffer.from(upload.content).toString('utf8'))
  } catch {
    throw new GatewayProblem(400, '0x200', 'INVALID_JSON', 'The CMS content is not one JSON document')
  }
  const problems = businessRuleProblems(parsed, { upload: true })
  if (problems.length > 0) {
    throw new GatewayProblem(400, '0x200', 'INVALID_RULE', 'The rule does not match the schema', problems.join('; '))
  }
  const rule = parsed as BusinessRule
  if (rule.Country !== auth.country || rule.Identifier.slice(3, 5) !== auth.country) {
    throw new GatewayProblem(403, '0x210', 'INVALID_COUNTRY', 'The rule is not of the authenticated country')
  }
  const validFrom = Date.parse(rule.ValidFrom)
  const validTo = Date.parse(rule.ValidTo)
  const now = services.now().getTime()
  const latest = await services.db
    .selectFrom('validation_rule')
    .select(['version', 'valid_from'])
    .where('rule_id', '=', rule.Identifier)
    .execute()
    .then((rows) => rows.sort((a, b) => compareRuleVersions(b.version, a.version))[0])
  if (latest && compareRuleVersions(rule.Version, latest.version) <= 0) {
    throw new GatewayProblem(400, '0x220', 'INVALID_VERSION', `The version must be above ${latest.version}`)
  }
  const timing = timeProblem(rule.Type, validFrom, validTo, now, latest?.valid_from)
  if (timing !== undefined) throw new GatewayProblem(400, '0x240', 'INVALID_TIMESTAMP', timing)
  await services.db
    .insertInto('validation_rule')
    .values({
      rule_id: rule.Identifier,
      version: rule.Version,
      valid_from: validFrom,
      valid_to: validTo,
      created_at: now,
      country: rule.Country,
      rule_type: rule.Type,
      cms: Buffer.from(upload.cms).toString('base64'),
    })
    .execute()
  await recordAudit(services.db, {
    at: services.now(),
    country: auth.country,
    uploader: upload.uploaderThumbprint,
    authentication: auth.thumbprint,
    event: 'CREATED',
    description: `rule ${rule.Identifier} ${rule.Version}`,
  })
}

/** The time constraints of §2.6, in the reference's order; the first one broken, or undefined. */
function timeProblem(
  type: BusinessRule['Type'],
  validFrom: number,
  validTo: number,
  now: number,
  previousValidFrom: number | undefined,
): string | undefined {
  if (!(validFrom < validTo)) return 'ValidFrom must be before ValidTo'
  if (validFrom > now + 14 * DAY_MS) return 'ValidFrom must be at most 2 weeks ahead'
  if (type === 'Acceptance' && validFrom < now + 48 * HOUR_MS)
    return 'an Acceptance rule starts 48 hours ahead at least'
  if (type === 'Invalidation' && validFrom < now) return 'an Invalidation rule cannot start in the past'
  if (validTo < validFrom + 72 * HOUR_MS) return 'ValidTo must be 72 hours after ValidFrom at least'
  if (previousValidFrom !== undefined && validFrom < previousValidFrom) {
    return 'ValidFrom must not be before the previous version'
  }
  return undefined
}

/**
 * The rules of a country (§2.6, last point): per rule ID, only the latest version when it is already valid; else
 * every version from the newest already-valid one up to the future ones, so clients switch over on time.
 */
export async function rulesOfCountry(
  services: GatewayServices,
  country: string,
): Promise<Record<string, RuleVersion[]>> {
  const rows = await services.db.selectFrom('validation_rule').selectAll().where('country', '=', country).execute()
  const now = services.now().getTime()
  const byRule = new Map<string, typeof rows>()
  for (const row of rows) byRule.set(row.rule_id, [...(byRule.get(row.rule_id) ?? []), row])
  const result: Record<string, RuleVersion[]> = {}
  for (const [ruleId, versions] of [...byRule].sort(([a], [b]) => a.localeCompare(b))) {
    versions.sort((a, b) => compareRuleVersions(b.version, a.version))
    const newestValid = versions.findIndex((row) => row.valid_from <= now)
    const kept = newestValid === -1 ? versions : versions.slice(0, newestValid + 1)
    result[ruleId] = kept.map((row) => ({
      version: row.version,
      validFrom: formatTimestamp(row.valid_from),
      validTo: formatTimestamp(row.valid_to),
      cms: row.cms,
    }))
  }
  return result
}

/**
 * Deletes every version of a rule: the body is a CMS signed by an UPLOAD certificate embedding the rule ID. A rule of
 * another country → 403 (0x210); an unknown one → 404.
 */
export async function deleteValidationRule(
  services: GatewayServices,
  auth: AuthenticatedCountry,
  body: string,
): Promise<void> {
  const upload = await openSignedUpload(services, auth, body, RULE_CODES)
  const ruleId = Buffer.from(upload.content).toString('utf8').trim()
  if (!/^(GR|VR|TR|RR|IR)-[A-Z]{2}-\d{4}$/.test(ruleId)) {
    throw new GatewayProblem(400, '0x200', 'INVALID_RULE_ID', 'The CMS content is not a rule identifier')
  }
  if (ruleId.slice(3, 5) !== auth.country) {
    throw new GatewayProblem(403, '0x210', 'INVALID_COUNTRY', 'The rule is not of the authenticated country')
  }
  const deleted = await services.db.deleteFrom('validation_rule').where('rule_id', '=', ruleId).executeTakeFirst()
  if (Number(deleted.numDeletedRows) === 0) {
    throw new GatewayProblem(404, '0x270', 'RULE_NOT_FOUND', `No rule ${ruleId}`)
  }
  await recordAudit(services.db, {
    at: services.now(),
    country: auth.country,
    uploader: upload.uploaderThumbprint,
    authentication: auth.thumbprint,
    event: 'DELETED',
    description: `rule ${ruleId}`,
  })
}
