import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DemoCountry, createDemoCountry } from '../../src/demo-country.ts'
import { type GatewayClient, gatewayClient } from '../../src/client/index.ts'
import type { GatewayTestDatabase, GatewayTestEngine } from '../../src/db/test-database.ts'
import type { KeyPairCertificate } from '../../src/operator/certificates.ts'
import { makeCertificate } from '../../src/operator/certificates.ts'
import { serial } from '../../src/operator/data-dir.ts'
import { onboardTrustedParty } from '../../src/operator/onboard.ts'
import { type RunningGateway, startGateway } from '../../src/start.ts'

/** A clock the test moves by hand: the gateway reads it through `now`. */
export interface TestClock {
  now: Date
  advance(ms: number): void
}

export interface GatewayFixture {
  readonly gateway: RunningGateway
  readonly clock: TestClock
  /** The own country (as in dgc-api-tests: its CSCA, UPLOAD, AUTHENTICATION; revocation roles). */
  readonly own: DemoCountry
  /** The `secondCountry/` set of dgc-api-tests. */
  readonly other: DemoCountry
  /** A client of the gateway over mTLS with that AUTHENTICATION certificate. */
  client(authentication: KeyPairCertificate): GatewayClient
  /** A client whose certificate no trust anchor ever signed. */
  readonly stranger: GatewayClient
  /**
   * One request as an independent client writes it — node:https with the own AUTHENTICATION certificate, the headers
   * exactly as given, no client code of ours in between.
   */
  raw(method: string, path: string, headers?: Record<string, string>, body?: string): Promise<RawResponse>
  close(): Promise<void>
}

export interface RawResponse {
  readonly status: number
  readonly headers: Record<string, string | string[] | undefined>
  readonly text: string
}

export const START = new Date('2026-03-02T09:00:00Z')

/**
 * A gateway on loopback with real mTLS, two onboarded countries (`DE`, own, with the revocation roles; `FR`) and a
 * stranger, on the engine's database.
 */
export async function startGatewayFixture(engine: GatewayTestEngine): Promise<GatewayFixture> {
  const clock: TestClock = {
    now: new Date(START),
    advance(ms) {
      this.now = new Date(this.now.getTime() + ms)
    },
  }
  const database: GatewayTestDatabase = await engine.open()
  const dataDir = 'dataDir' in database.location ? database.location.dataDir : mkdtempSync(join(tmpdir(), 'gw-'))
  const gateway = await startGateway({
    dataDir,
    ...('databaseUrl' in database.location ? { databaseUrl: database.location.databaseUrl } : {}),
    port: 0,
    logLevel: 'silent',
    now: () => clock.now,
  })
  const own = await createDemoCountry({ country: 'DE', now: clock.now })
  const other = await createDemoCountry({ country: 'FR', now: clock.now })
  const { db } = gateway.database
  const anchor = gateway.credentials.trustAnchor
  await own.onboard(db, anchor, clock.now)
  await other.onboard(db, anchor, clock.now)
  await onboardTrustedParty(db, anchor, {
    certificate: own.authentication.der,
    type: 'AUTHENTICATION',
    roles: ['RevocationListReader', 'RevocationUploader', 'RevocationDeleter'],
    now: clock.now,
  })
  const strangerCertificate = await makeCertificate({
    subject: 'C=DE, CN=not onboarded',
    notBefore: clock.now,
    notAfter: new Date(clock.now.getTime() + 86_400_000),
    serialNumber: serial(),
  })
  const client = (authentication: KeyPairCertificate) =>
    gatewayClient({
      url: gateway.url,
      ca: gateway.serverCertificatePem,
      cert: authentication.pem,
      key: authentication.privateKeyPem,
    })
  return {
    gateway,
    clock,
    own,
    other,
    client,
    stranger: client(strangerCertificate),
    raw: (method, path, headers = {}, body) =>
      new Promise((resolve, reject) => {
        const call = request(
          new URL(path, gateway.url),
          {
            method,
            headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
            ca: gateway.serverCertificatePem,
            cert: own.authentication.pem,
            key: own.authentication.privateKeyPem,
            agent: false,
          },
          (response) => {
            const chunks: Buffer[] = []
            response.on('data', (chunk: Buffer) => chunks.push(chunk))
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                headers: response.headers,
                text: Buffer.concat(chunks).toString('utf8'),
              }),
            )
          },
        )
        call.on('error', reject)
        call.end(body)
      }),
    async close() {
      await gateway.close()
      await database.dispose()
      if (!('dataDir' in database.location)) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A DSC of `country` issued by `csca` (valid 10 seconds, as the API tests make them). */
export async function dscOf(country: string, csca: KeyPairCertificate, now: Date): Promise<KeyPairCertificate> {
  return makeCertificate({
    subject: `C=${country}, O=greenpass test, CN=${country} test DSC ${serial().slice(0, 8)}`,
    notBefore: now,
    notAfter: new Date(now.getTime() + 10_000),
    serialNumber: serial(),
    issuer: { subject: csca.subject, privateKey: csca.privateKey },
  })
}
