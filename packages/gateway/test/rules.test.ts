import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { GatewayClient } from '../src/client/index.ts'
import { signCms } from '../src/cms/sign.ts'
import type { CmsSigner } from '../src/cms/sign.ts'
import { gatewayTestEngines } from '../src/db/test-database.ts'
import { type GatewayFixture, startGatewayFixture } from './support/fixture.ts'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

// dgc-api-tests, specs/gateway "Rules" and "Rule content" (gateway-and-trust.md §2.6, §6).
for (const engine of gatewayTestEngines()) {
  describe(`validation rules (${engine.name})`, () => {
    let f: GatewayFixture
    let client: GatewayClient
    before(async () => {
      f = await startGatewayFixture(engine)
      client = f.client(f.own.authentication)
    })
    after(() => f.close())

    /** A valid Acceptance rule of DE starting in 3 days, valid 10 days; any field can be overridden. */
    const rule = (overrides: Record<string, unknown> = {}) => ({
      Identifier: 'GR-DE-0001',
      Type: 'Acceptance',
      Country: 'DE',
      Version: '1.0.0',
      SchemaVersion: '1.0.0',
      Engine: 'CERTLOGIC',
      EngineVersion: '1.2.2',
      CertificateType: 'General',
      Description: [{ lang: 'en', desc: 'The certificate must not be older than a year.' }],
      ValidFrom: new Date(f.clock.now.getTime() + 3 * DAY_MS).toISOString(),
      ValidTo: new Date(f.clock.now.getTime() + 13 * DAY_MS).toISOString(),
      AffectedFields: ['v.0.dt'],
      Logic: {
        'not-before': [{ plusTime: [{ var: 'external.validationClock' }, -365, 'day'] }, { var: 'payload.v.0.dt' }],
      },
      ...overrides,
    })
    const signed = async (text: string, signer: CmsSigner = f.own.uploadSigner) =>
      Buffer.from(await signCms(Buffer.from(text), signer)).toString('base64')
    const upload = async (
      value: unknown,
      options: { signer?: CmsSigner; via?: GatewayClient; contentType?: string } = {},
    ) =>
      (options.via ?? client).call('POST', '/rules', {
        body: await signed(typeof value === 'string' ? value : JSON.stringify(value), options.signer),
        contentType: options.contentType ?? 'application/cms-text',
      })
    const expect = async (value: unknown, status: number, code?: string) => {
      const response = await upload(value)
      assert.equal(response.status, status, response.text)
      if (code) assert.equal(JSON.parse(response.text).code, code, response.text)
    }

    it('takes an Acceptance and an Invalidation rule (201), as application/cms-text and application/cms', async () => {
      const first = await upload(rule())
      assert.equal(first.status, 201, first.text)
      const invalidation = rule({
        Identifier: 'IR-DE-0001',
        Type: 'Invalidation',
        ValidFrom: new Date(f.clock.now.getTime() + HOUR_MS).toISOString(),
      })
      assert.equal((await upload(invalidation, { contentType: 'application/cms' })).status, 201)
      const listed = await client.call('GET', '/rules/DE')
      assert.deepEqual(Object.keys(JSON.parse(listed.text)).sort(), ['GR-DE-0001', 'IR-DE-0001'])
    })

    it('lists both versions of an update until the new one is valid, then only the new one', async () => {
      const id = 'VR-DE-0002'
      const v1From = new Date(f.clock.now.getTime() + 3 * DAY_MS)
      assert.equal(
        (await upload(rule({ Identifier: id, CertificateType: 'Vaccination', ValidFrom: v1From.toISOString() })))
          .status,
        201,
      )
      f.clock.advance(4 * DAY_MS) // v1 is valid now
      const v2From = new Date(f.clock.now.getTime() + 3 * DAY_MS)
      const v2 = rule({
        Identifier: id,
        CertificateType: 'Vaccination',
        Version: '1.1.0',
        ValidFrom: v2From.toISOString(),
      })
      assert.equal((await upload(v2)).status, 201)
      const versions = async () =>
        (
          JSON.parse((await client.call('GET', '/rules/DE')).text) as Record<string, { version: string; cms: string }[]>
        )[id]?.map((entry) => entry.version)
      assert.deepEqual(await versions(), ['1.1.0', '1.0.0'])
      f.clock.advance(3 * DAY_MS + 1)
      assert.deepEqual(await versions(), ['1.1.0'])
      // A lower or equal version, or a non-semver one, is refused (0x220 / schema).
      await expect(rule({ Identifier: id, CertificateType: 'Vaccination', Version: '1.0.5' }), 400, '0x220')
      await expect(rule({ Identifier: id, CertificateType: 'Vaccination', Version: '1.1' }), 400, '0x200')
    })

    it('serves the uploaded CMS, whose content is the rule JSON', async () => {
      const listed = JSON.parse((await client.call('GET', '/rules/DE')).text) as Record<string, { cms: string }[]>
      const { verifyCms } = await import('../src/cms/verify.ts')
      const cms = listed['GR-DE-0001']?.[0]?.cms
      assert.ok(cms)
      const { content } = await verifyCms(Buffer.from(cms, 'base64'))
      assert.equal(JSON.parse(Buffer.from(content).toString()).Identifier, 'GR-DE-0001')
    })

    it('refuses unknown clients (401), another country’s UPLOAD certificate, and trailing data (400)', async () => {
      assert.equal((await upload(rule({ Identifier: 'GR-DE-0003' }), { via: f.stranger })).status, 401)
      const foreign = await upload(rule({ Identifier: 'GR-DE-0003' }), { signer: f.other.uploadSigner })
      assert.equal(foreign.status, 400)
      assert.equal(JSON.parse(foreign.text).code, '0x230')
      await expect(`${JSON.stringify(rule({ Identifier: 'GR-DE-0003' }))} {}`, 400, '0x200')
    })

    it('checks the content as the reference does', async () => {
      const id = { Identifier: 'GR-DE-0004' }
      const now = f.clock.now.getTime()
      const at = (ms: number) => new Date(now + ms).toISOString()
      await expect(rule({ ...id, Country: 'DEU' }), 400, '0x200')
      await expect(rule({ ...id, Country: 'FR' }), 403, '0x210')
      await expect(rule({ Identifier: 'GR-FR-0004', Country: 'DE' }), 403, '0x210')
      await expect(rule({ ...id, Description: undefined }), 400, '0x200')
      await expect(rule({ ...id, Description: [{ lang: 'en', desc: 'too short' }] }), 400, '0x200')
      await expect(
        rule({ ...id, Description: [{ lang: 'de', desc: 'Das Zertifikat ist höchstens ein Jahr alt.' }] }),
        400,
        '0x200',
      )
      await expect(
        rule({ ...id, Description: [{ lang: 'en-', desc: 'The certificate must not be older than a year.' }] }),
        400,
        '0x200',
      )
      await expect(rule({ ...id, Version: 'one' }), 400, '0x200')
      await expect(rule({ ...id, SchemaVersion: '1.0' }), 400, '0x200')
      await expect(rule({ ...id, ValidFrom: at(5 * DAY_MS), ValidTo: at(4 * DAY_MS) }), 400, '0x240')
      await expect(rule({ ...id, ValidFrom: at(15 * DAY_MS), ValidTo: at(20 * DAY_MS) }), 400, '0x240')
      await expect(rule({ ...id, ValidFrom: at(47 * HOUR_MS) }), 400, '0x240')
      await expect(rule({ Identifier: 'IR-DE-0004', Type: 'Invalidation', ValidFrom: at(-HOUR_MS) }), 400, '0x240')
      await expect(rule({ ...id, ValidFrom: at(3 * DAY_MS), ValidTo: at(5 * DAY_MS) }), 400, '0x240')
      await expect(rule({ Identifier: 'TR-DE-0004', CertificateType: 'Vaccination' }), 400, '0x200')
      await expect(rule({ Identifier: 'IR-DE-0005', Type: 'Acceptance' }), 400, '0x200')
      assert.equal((await upload(rule(id))).status, 201, 'the same rule, well formed, is taken')
    })

    it('names every violation of a rule at once, in the ProblemReport details', async () => {
      const response = await upload(
        rule({
          Identifier: 'TR-DE-0006',
          Version: '1.0',
          Description: [{ lang: 'de', desc: 'zu kurz' }],
          AffectedFields: [],
        }),
      )
      assert.equal(response.status, 400, response.text)
      const { code, details } = JSON.parse(response.text) as { code: string; details: string }
      assert.equal(code, '0x200')
      for (const field of ['Version', 'Description 0 (de)', 'Description needs an en entry', 'AffectedFields']) {
        assert.ok(details.includes(field), `${field} in ${details}`)
      }
    })

    it('deletes every version by DELETE and by the POST alias; another country’s rule → 403; unknown → 404', async () => {
      for (const [method, path, ruleId] of [
        ['DELETE', '/rules', 'GR-DE-0001'],
        ['POST', '/rules/delete', 'VR-DE-0002'],
      ] as const) {
        const response = await client.call(method, path, {
          body: await signed(ruleId),
          contentType: 'application/cms-text',
        })
        assert.equal(response.status, 204, response.text)
        assert.equal(JSON.parse((await client.call('GET', '/rules/DE')).text)[ruleId], undefined)
      }
      const foreign = await client.call('POST', '/rules/delete', { body: await signed('GR-FR-0001') })
      assert.equal(foreign.status, 403)
      const unknown = await client.call('POST', '/rules/delete', { body: await signed('GR-DE-0999') })
      assert.equal(unknown.status, 404)
    })

    it('lists the own country in /countrylist', async () => {
      const countries = JSON.parse((await client.call('GET', '/countrylist')).text) as string[]
      assert.deepEqual(countries, ['DE', 'FR'])
    })
  })
}
