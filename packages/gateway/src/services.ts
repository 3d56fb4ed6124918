import type { Kysely } from 'kysely'
import type { GatewayDatabase } from './db/schema.ts'
import type { TrustAnchor } from './trust/trust-anchor.ts'

/** What the gateway's domain functions need: the database, the trust anchor, and the clock (passed in). */
export interface GatewayServices {
  readonly db: Kysely<GatewayDatabase>
  readonly anchor: TrustAnchor
  readonly now: () => Date
}
