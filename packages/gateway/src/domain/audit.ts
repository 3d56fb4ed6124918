import type { Kysely } from 'kysely'
import type { GatewayDatabase } from '../db/schema.ts'

export interface AuditEvent {
  readonly at: Date
  readonly country: string
  /** Thumbprint of the UPLOAD certificate that signed the payload ('' when none was identified). */
  readonly uploader: string
  /** Thumbprint of the AUTHENTICATION certificate of the connection. */
  readonly authentication: string
  /** `SUCCESS`, `BAD_REQUEST`, `UPLOAD_FAILED`, `DELETE_FAILED`, `EXIST_CHECK_FAILED`, `CREATED`, `DELETED`, … */
  readonly event: string
  readonly description: string
}

/** Appends to the insert-only audit log (§2.8); texts are cut to the reference's 64 characters. */
export async function recordAudit(db: Kysely<GatewayDatabase>, event: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_event')
    .values({
      timestamp: event.at.getTime(),
      country: event.country,
      uploader_sha256_fingerprint: event.uploader,
      authentication_sha256_fingerprint: event.authentication,
      event: event.event.slice(0, 64),
      description: event.description.slice(0, 64),
    })
    .execute()
}
