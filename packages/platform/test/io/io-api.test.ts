import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { readQr } from '@greenpass/hcert'
import type { FastifyInstance } from 'fastify'
import {
  adminRoutes,
  buildPlatformApp,
  claimDue,
  codeLookupHash,
  complete,
  createFacility,
  findCertificatesByFiscalCode,
  fiscalCodeCheckCharacter,
  intakeRoutes,
  IO_CLIENT_KEY_HEADER,
  ioApiRoutes,
  type IoMessagePayload,
  sha256Hex,
  type TestDatabase,
  testEngines,
} from '../../src/index.ts'
import { replaceCodeHash } from '../../src/db/certificate-codes.ts'
import { initKeys, type KeyStore, openFileKeyStore } from '../../src/keys/index.ts'

const FACILITY_KEY = 'io-facility-key-0123456789'
const IO_KEY = 'io-client-key-0123456789'
const ADMIN = 'io-admin-token-0123456789'
const PEPPER = 'io-test-pepper-0123456789'
const first15 = 'BNCLCU85T45F205'
const person = {
  fiscalCode: first15 + fiscalCodeCheckCharacter(first15),
  givenName: 'Lucia',
  familyName: 'Bianchi',
  dateOfBirth: '1985-12-05',
  email: 'lucia@example.org',
}
const dose = (eventId: string, date: string) => ({
  kind: 'vaccination',
  eventId,
  person,
  vaccination: { product: 'EU/1/20/1528', manufacturer: 'ORG-100030215', prophylaxis: '1119349007', date },
})

let keys: KeyStore
before(async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'io-api-keys-')), 'keys')
  await initKeys({ dir, now: new Date('2026-01-01T00:00:00Z'), random: (n) => randomBytes(n) })
  keys = await openFileKeyStore(dir)
})

for (const engine of testEngines())
  describe(`the IO-facing API (${engine.name})`, () => {
    let database: TestDatabase
    let app: FastifyInstance
    let base: string
    let clock = new Date('2026-05-01T10:00:00Z')
    const now = () => clock
    before(async () => {
      database = await engine.open()
      await createFacility(database.db, { id: 'asl', name: 'asl', apiKey: FACILITY_KEY }, clock.getTime())
      app = await buildPlatformApp({
        logLevel: 'silent',
        plugins: [
          intakeRoutes({
            db: database.db,
            keys,
            codePepper: PEPPER,
            random: (n) => randomBytes(n),
            now,
            portalUrl: 'https://www.dgc.gov.it/',
            emailFrom: 'noreply@dgc.example',
            ioMessages: true,
          }),
          ioApiRoutes({ db: database.db, codePepper: PEPPER, clientKey: IO_KEY, now }),
          adminRoutes({ db: database.db, adminToken: ADMIN, now }),
        ],
      })
      base = await app.listen({ port: 0, host: '127.0.0.1' })
    })
    after(async () => {
      await app?.close()
      await database?.dispose()
    })

    const post = (path: string, body: unknown, headers: Record<string, string> = { [IO_CLIENT_KEY_HEADER]: IO_KEY }) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      })
    const cf = sha256Hex(person.fiscalCode)
    let authCode = ''

    it('queues, with the email and SMS, an IO message whose auth_code is the SHA-256 of the citizen code', async () => {
      assert.equal(
        (await post('/v1/intake/events', dose('d1', '2026-05-01'), { 'x-api-key': FACILITY_KEY })).status,
        200,
      )
      const jobs = await claimDue(database.db, clock.getTime(), 100, 1)
      const email = jobs.find((j) => j.kind === 'email')?.payload as { text: string }
      const io = jobs.find((j) => j.kind === 'io')
      assert.ok(io, 'an io job is queued')
      const payload = io.payload as IoMessagePayload
      const code = /AUTHCODE ([A-Z0-9]{10})/.exec(email.text)?.[1]
      assert.ok(code, 'the email carries the code')
      assert.equal(payload.content.eu_covid_cert.auth_code, sha256Hex(code))
      assert.equal(payload.fiscal_code, person.fiscalCode)
      assert.ok(payload.content.subject.length >= 10 && payload.content.subject.length <= 120)
      assert.ok(payload.content.markdown.length >= 80)
      assert.doesNotMatch(JSON.stringify(payload.content), /Bianchi|Lucia/, 'no name in the message')
      authCode = payload.content.eu_covid_cert.auth_code
      for (const job of jobs) await complete(database.db, job.id, clock.getTime())
    })

    it('gives the QR of the certificate for the code and fiscal code hashes, and 404 for anyone else', async () => {
      const response = await post('/v1/certificate/citizen/io', { authCodeSHA256: authCode, cfSHA256: cf })
      assert.equal(response.status, 200)
      const { data } = (await response.json()) as { data: { qrcodeB64: string; uvci: string } }
      const [stored] = await findCertificatesByFiscalCode(database.db, person.fiscalCode)
      assert.equal(data.uvci, stored?.uvci)
      assert.equal(await readQr(new Uint8Array(Buffer.from(data.qrcodeB64, 'base64'))), stored?.hc1)

      const other = await post('/v1/certificate/citizen/io', { authCodeSHA256: authCode, cfSHA256: sha256Hex('X') })
      assert.equal(other.status, 404)
      assert.equal(((await other.json()) as { code: string }).code, 'CERTIFICATE_NOT_FOUND')
      const unknown = await post('/v1/certificate/citizen/io', { authCodeSHA256: sha256Hex('NOPE'), cfSHA256: cf })
      assert.equal(unknown.status, 404)
    })

    it('keeps opening the IO message after the citizen had the code replaced on the portal (lost code)', async () => {
      const [stored] = await findCertificatesByFiscalCode(database.db, person.fiscalCode)
      const original = stored?.codeHash ?? ''
      await replaceCodeHash(database.db, stored?.uvci ?? '', codeLookupHash('NEWCODE234', PEPPER))
      try {
        const response = await post('/v1/certificate/citizen/io', { authCodeSHA256: authCode, cfSHA256: cf })
        assert.equal(response.status, 200)
        assert.equal(((await response.json()) as { data: { uvci: string } }).data.uvci, stored?.uvci)
        const elsewhere = await post('/v1/certificate/citizen/io', {
          authCodeSHA256: authCode,
          cfSHA256: sha256Hex('X'),
        })
        assert.equal(elsewhere.status, 404, 'only for the same fiscal code')
      } finally {
        await replaceCodeHash(database.db, stored?.uvci ?? '', original)
      }
    })

    it('refuses a missing or wrong key (401) and malformed hashes (400), as problem+json', async () => {
      const body = { authCodeSHA256: authCode, cfSHA256: cf }
      const variants: Record<string, string>[] = [{}, { [IO_CLIENT_KEY_HEADER]: 'wrong-key-0123456789' }]
      for (const headers of variants) {
        const response = await post('/v1/certificate/citizen/io', body, headers)
        assert.equal(response.status, 401)
        assert.match(response.headers.get('content-type') ?? '', /problem\+json/)
      }
      const bad = await post('/v1/certificate/citizen/io', { authCodeSHA256: 'abc', cfSHA256: cf.toUpperCase() })
      assert.equal(bad.status, 400)
      assert.equal(((await bad.json()) as { code: string }).code, 'REQUEST_INVALID')
      assert.equal((await post('/v1/certificate/citizen/io/refresh', {})).status, 400)
    })

    it('refresh re-arms the IO message of every current certificate of the hashed fiscal code', async () => {
      clock = new Date('2026-05-22T10:00:00Z')
      assert.equal(
        (await post('/v1/intake/events', dose('d2', '2026-05-22'), { 'x-api-key': FACILITY_KEY })).status,
        200,
      )
      for (const job of await claimDue(database.db, clock.getTime(), 100, 1)) await complete(database.db, job.id, 0)

      const refresh = await post('/v1/certificate/citizen/io/refresh', { cfSHA256: cf.toUpperCase() })
      assert.equal(refresh.status, 200)
      assert.deepEqual(await refresh.json(), { data: 2 })
      const jobs = await claimDue(database.db, clock.getTime(), 100, 1)
      assert.deepEqual(
        jobs.map((j) => j.kind),
        ['io', 'io'],
      )
      const codes = jobs.map((j) => (j.payload as IoMessagePayload).content.eu_covid_cert.auth_code)
      assert.ok(codes.includes(authCode), 'the same auth_code as at issuance')
      assert.ok(
        jobs.every((j) => j.idempotencyKey.startsWith('io-01IT')),
        'the issuance rows, re-armed',
      )
      for (const job of jobs) await complete(database.db, job.id, clock.getTime())

      const nobody = await post('/v1/certificate/citizen/io/refresh', { cfSHA256: sha256Hex('NOBODY') })
      assert.deepEqual(await nobody.json(), { data: 0 })
    })

    it('answers 404 with when and why for a revoked certificate, and leaves it out of a refresh', async () => {
      const [first] = await findCertificatesByFiscalCode(database.db, person.fiscalCode)
      const revoke = await fetch(`${base}/v1/admin/certificates/${encodeURIComponent(first?.uvci ?? '')}/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
        body: JSON.stringify({ reason: 'issued by mistake' }),
      })
      assert.equal(revoke.status, 200, await revoke.clone().text())
      const response = await post('/v1/certificate/citizen/io', { authCodeSHA256: authCode, cfSHA256: cf })
      assert.equal(response.status, 404)
      const body = (await response.json()) as Record<string, string>
      assert.equal(body.code, 'CERTIFICATE_REVOKED')
      assert.equal(body.uvci, first?.uvci)
      assert.equal(body.revokedAt, clock.toISOString())
      assert.equal(body.revokeReason, 'issued by mistake')
      assert.deepEqual(await (await post('/v1/certificate/citizen/io/refresh', { cfSHA256: cf })).json(), { data: 1 })
    })

    it('answers 404 CERTIFICATE_EXPIRED after the technical expiry', async () => {
      const [, second] = await findCertificatesByFiscalCode(database.db, person.fiscalCode)
      const jobs = await claimDue(database.db, clock.getTime(), 100, 1)
      const code = (jobs[0]?.payload as IoMessagePayload).content.eu_covid_cert.auth_code
      clock = new Date(((second?.exp ?? 0) + 1) * 1000)
      const response = await post('/v1/certificate/citizen/io', { authCodeSHA256: code, cfSHA256: cf })
      assert.equal(response.status, 404)
      const body = (await response.json()) as Record<string, string>
      assert.equal(body.code, 'CERTIFICATE_EXPIRED')
      assert.equal(body.expiredAt, new Date((second?.exp ?? 0) * 1000).toISOString())
    })
  })
