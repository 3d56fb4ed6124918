import { X509Certificate } from 'node:crypto'
import { Cron } from 'croner'
import { type GatewayClient, GatewayCallError, gatewayClient } from '@greenpass/gateway/client'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { GatewayKey } from '../keys/gateway-keys.ts'
import type { KeyStore } from '../keys/key-store.ts'
import { type GatewaySyncState, gatewaySyncState, recordGatewayFailure, replaceGatewayDscs } from './repository.ts'
import { type RejectionReason, selectTrustedDscs } from './trusted-dscs.ts'

/** Where the gateway is and how Italy talks to it. */
export interface GatewayConnection {
  /** `https://…` of the gateway. */
  readonly url: string
  /** The gateway's TLS server certificate (or CA), PEM. */
  readonly serverCertificatePem: string
  /** The trust anchor's certificate, PEM: kept locally, never taken from the gateway (§3.1). */
  readonly trustAnchorPem: string
}

export interface GatewayConnectorOptions {
  readonly db: Kysely<Database>
  /** Italy's own DSCs to upload. */
  readonly keys: KeyStore
  readonly connection: GatewayConnection
  /** Italy's UPLOAD and AUTHENTICATION credentials (`greenpass keys init`). */
  readonly credentials: { readonly upload: GatewayKey; readonly authentication: GatewayKey }
  readonly now: () => Date
}

/** What one upload round did, per DSC name: `uploaded` (201), `present` (409, already there) or the failure. */
export type UploadReport = Readonly<Record<string, 'uploaded' | 'present' | string>>

export interface SyncReport {
  readonly ok: boolean
  readonly accepted: number
  readonly rejected: readonly { readonly thumbprint: string; readonly reason: RejectionReason }[]
  readonly error?: string
}

/** The gateway status the admin API reports: the last good list's age tells how stale foreign trust may be. */
export interface GatewayStatus {
  readonly url: string
  readonly state: GatewaySyncState | null
  /** Milliseconds since the last good download (null before the first). */
  readonly ageMs: number | null
}

export interface GatewayConnector {
  uploadOwnDscs(): Promise<UploadReport>
  /** Downloads the trust list and keeps what passes the trust checks; on failure the last good list stays. */
  sync(): Promise<SyncReport>
  status(): Promise<GatewayStatus>
  /** Runs `sync` on a cron schedule (default every minute, as it-dgc-gateway-client); overlapping runs are skipped. */
  schedule(pattern?: string): void
  stop(): void
}

/**
 * Italy's connector to the EU gateway (it-dgc-gateway-client's role, with dgc-lib's trust checks): uploads Italy's
 * DSCs as CMS signed with its UPLOAD certificate over mTLS with its AUTHENTICATION certificate, and downloads the
 * trust list into `gateway_dscs`, from which the verifier API serves foreign DSCs next to Italy's own.
 */
export function createGatewayConnector(options: GatewayConnectorOptions): GatewayConnector {
  const { db, connection, credentials, now } = options
  const client: GatewayClient = gatewayClient({
    url: connection.url,
    ca: connection.serverCertificatePem,
    cert: credentials.authentication.certificatePem,
    key: credentials.authentication.privateKeyPem,
  })
  const upload = { certificate: credentials.upload.der, privateKey: credentials.upload.privateKey }
  const trustAnchorDer = new Uint8Array(new X509Certificate(connection.trustAnchorPem).raw)
  let job: Cron | undefined

  const sync = async (): Promise<SyncReport> => {
    try {
      const [csca, uploads, dsc] = await Promise.all([
        client.trustList('CSCA'),
        client.trustList('UPLOAD'),
        client.trustList('DSC'),
      ])
      const selection = await selectTrustedDscs({ csca, upload: uploads, dsc }, trustAnchorDer)
      // Italy's own DSCs are served from the key store; the gateway's copy of them is not needed twice.
      const own = new Set(options.keys.certificates().map((certificate) => certificate.kidBase64))
      const foreign = selection.accepted.filter((entry) => !own.has(entry.kid))
      await replaceGatewayDscs(db, foreign, selection.rejected.length, now())
      return { ok: true, accepted: foreign.length, rejected: selection.rejected }
    } catch (error) {
      if (!(error instanceof GatewayCallError) && !(error instanceof SyntaxError)) throw error
      const message = error instanceof GatewayCallError ? error.message : 'the gateway answered with malformed JSON'
      await recordGatewayFailure(db, message, now())
      return { ok: false, accepted: 0, rejected: [], error: message }
    }
  }

  return {
    async uploadOwnDscs() {
      const report: Record<string, string> = {}
      for (const certificate of options.keys.certificates().filter((c) => c.role === 'dsc')) {
        try {
          const response = await client.uploadSignerCertificate(certificate.der, upload)
          report[certificate.name] =
            response.status === 201 ? 'uploaded' : response.status === 409 ? 'present' : `refused ${response.status}`
        } catch (error) {
          if (!(error instanceof GatewayCallError)) throw error
          report[certificate.name] = error.message
        }
      }
      return report
    },
    sync,
    async status() {
      const state = (await gatewaySyncState(db)) ?? null
      const ageMs = state?.lastSuccessAt ? now().getTime() - state.lastSuccessAt.getTime() : null
      return { url: connection.url, state, ageMs }
    },
    schedule(pattern = '* * * * *') {
      job?.stop()
      job = new Cron(pattern, { protect: true }, async () => {
        await sync()
      })
    },
    stop() {
      job?.stop()
      job = undefined
    },
  }
}
