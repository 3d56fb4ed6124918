import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { createDemoCountry, gatewayFiles, openGatewayDatabase } from '@greenpass/gateway'
import { gatewayCommand } from '../src/commands/gateway.ts'

/** Runs `greenpass gateway …` in-process, capturing its output and exit code. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const lines: string[] = []
  const errors: string[] = []
  const { log, error } = console
  console.log = (line: string) => lines.push(line)
  console.error = (line: string) => errors.push(line)
  process.exitCode = undefined
  try {
    await gatewayCommand().exitOverride().parseAsync(args, { from: 'user' })
  } finally {
    console.log = log
    console.error = error
  }
  const code = Number(process.exitCode ?? 0)
  process.exitCode = undefined
  return { code, out: lines.join('\n'), err: errors.join('\n') }
}

describe('greenpass gateway (trust anchor operator)', () => {
  it('onboards in one step, or signs then loads; a signature over another certificate is refused', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-gateway-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    const country = await createDemoCountry({ country: 'AT', now: new Date() })
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text)
      return join(dir, name)
    }
    const csca = file('csca.pem', country.csca.pem)
    const upload = file('upload.pem', country.upload.pem)
    const auth = file('auth.pem', country.authentication.pem)

    const onboarded = await run('onboard', '--data', dir, '--type', 'CSCA', '--cert', csca)
    assert.equal(onboarded.code, 0, onboarded.err)
    assert.match(onboarded.out, /^onboarded AT CSCA [0-9a-f]{64}$/)

    const signature = await run('sign', '--data', dir, '--cert', upload)
    assert.match(signature.out, /^[A-Za-z0-9+/=]+$/)
    const signatureFile = file('upload.sig', signature.out)
    const loaded = await run('load', '--data', dir, '--type', 'UPLOAD', '--cert', upload, '--signature', signatureFile)
    assert.equal(loaded.code, 0, loaded.err)

    const wrong = await run(
      'load',
      '--data',
      dir,
      '--type',
      'AUTHENTICATION',
      '--cert',
      auth,
      '--signature',
      signatureFile,
    )
    assert.equal(wrong.code, 1)
    assert.match(wrong.err, /ONBOARD_SIGNATURE/)
    const roles = await run(
      'onboard',
      '--data',
      dir,
      '--type',
      'AUTHENTICATION',
      '--cert',
      auth,
      '--role',
      'RevocationListReader',
    )
    assert.equal(roles.code, 0, roles.err)

    const database = await openGatewayDatabase({ file: gatewayFiles(dir).database })
    t.after(() => database.close())
    const rows = await database.db
      .selectFrom('trusted_party')
      .select(['country', 'certificate_type'])
      .orderBy('id')
      .execute()
    assert.deepEqual(
      rows.map((row) => `${row.country} ${row.certificate_type}`),
      ['AT CSCA', 'AT UPLOAD', 'AT AUTHENTICATION'],
    )
    const role = await database.db.selectFrom('trusted_party_role').select('role').execute()
    assert.deepEqual(role, [{ role: 'RevocationListReader' }])
  })
})
