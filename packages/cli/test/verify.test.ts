import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { createCertificate, ES256, encodeHc1, exampleVaccinationDcc, importDsc, renderQrPng } from '@greenpass/hcert'

const CLI = fileURLToPath(new URL('../bin/greenpass.js', import.meta.url))
const SHARED = fileURLToPath(new URL('../../../../shared/testdata/verificac19/', import.meta.url))
const shared = (path: string) => {
  if (!existsSync(SHARED))
    throw new Error(`The shared test data is missing at ${SHARED}: put shared/ beside the repository`)
  return `${SHARED}${path}`
}

function greenpass(args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args])
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(stdin ?? '')
  })
}

describe('greenpass verify (the exact contract)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'verify-'))
  const trustPem = join(dir, 'trust.pem')
  const pngPath = join(dir, 'certificate.png')
  let hc1 = ''
  before(async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const der = await createCertificate({
      subject: 'C=IT, O=Ministero della Salute, CN=greenpass CLI test DSC',
      publicKey,
      selfSigningKey: privateKey,
      notBefore: new Date('2026-01-01'),
      notAfter: new Date('2027-06-30'),
      serialNumber: '02',
    })
    const dsc = importDsc(der)
    writeFileSync(trustPem, dsc.certificate?.toString() ?? '')
    hc1 = encodeHc1(exampleVaccinationDcc({ vaccination: { dt: '2026-10-01' } }), {
      signer: { alg: ES256, privateKey, kid: dsc.kid },
      iss: 'IT',
      iat: new Date('2026-11-01T00:00:00Z'),
      exp: new Date('2027-05-01T00:00:00Z'),
    })
    writeFileSync(pngPath, renderQrPng(hc1))
  })
  const common = () => [
    '--trust',
    trustPem,
    '--settings',
    shared('responses/settings.json'),
    '--at',
    '2026-11-23T10:00:00Z',
  ]

  it('prints the JSON object of the contract and exits 0 for VALID (HC1 argument)', async () => {
    const { code, stdout } = await greenpass(['verify', ...common(), '--json', hc1])
    assert.equal(code, 0)
    assert.deepEqual(JSON.parse(stdout), {
      status: 'VALID',
      reason: 'WITHIN_WINDOW',
      mode: '3G',
      certificateType: 'vaccination',
      person: {
        familyName: 'Rossi',
        givenName: 'Maria Lucia',
        standardisedFamilyName: 'ROSSI',
        standardisedGivenName: 'MARIA<LUCIA',
      },
      dateOfBirth: '1980-04-12',
      uvci: '01ITE7300E1AB2A84C719004F103DCB1F70A#6',
      kid: JSON.parse(stdout).kid,
      country: 'IT',
    })
    assert.match(JSON.parse(stdout).kid, /^[A-Za-z0-9+/]{11}=$/)
  })

  it('reads a PNG path and standard input, and honours --mode aliases', async () => {
    const image = await greenpass(['verify', ...common(), '--mode', 'BASE', pngPath])
    assert.equal(image.code, 0)
    assert.match(image.stdout, /^VALID/)
    const piped = await greenpass(['verify', ...common(), '--json', '--mode', 'RAFFORZATA', '-'], `${hc1}\n`)
    assert.equal(piped.code, 0)
    assert.equal(JSON.parse(piped.stdout).mode, '2G')
  })

  it('exits 1 for any other status: the blacklisted fixture with the Italian DSC list', async () => {
    const { code, stdout } = await greenpass([
      'verify',
      '--trust',
      shared('responses/DSC-validation.json'),
      '--settings',
      shared('responses/settings.json'),
      '--at',
      '2022-01-15T12:00:00Z',
      '--json',
      shared('shit.png'),
    ])
    assert.equal(code, 1)
    const result = JSON.parse(stdout)
    assert.deepEqual(
      [result.status, result.reason, result.kid, result.uvci],
      ['NOT_VALID', 'BLACKLISTED', '53FOjX/4aJs=', 'URN:UVCI:01:FR:T5DWTJYS4ZR8#4'],
    )
  })

  it('refuses (exit 2) when the settings require a newer verifier SDK, and verifies when they accept this one', async () => {
    const rows = JSON.parse(readFileSync(shared('responses/settings.json'), 'utf8')) as object[]
    const withMinimum = (sdk: string) => {
      const path = join(dir, `settings-sdk-${sdk}.json`)
      writeFileSync(path, JSON.stringify([...rows, { name: 'sdk', type: 'APP_MIN_VERSION', value: sdk }]))
      return path
    }
    const newer = await greenpass([
      'verify',
      '--trust',
      trustPem,
      '--settings',
      withMinimum('99.0.0'),
      '--at',
      '2026-11-23T10:00:00Z',
      hc1,
    ])
    assert.equal(newer.code, 2)
    assert.match(newer.stderr, /require verifier SDK 99\.0\.0 or later/)
    const older = await greenpass([
      'verify',
      '--trust',
      trustPem,
      '--settings',
      withMinimum('1.0.4'),
      '--at',
      '2026-11-23T10:00:00Z',
      hc1,
    ])
    assert.equal(older.code, 0, older.stderr)
  })

  it('exits 2 with a clear message for bad usage and unreadable input', async () => {
    const cases: [string[], RegExp][] = [
      [['verify', ...common(), '--mode', 'DISCO', hc1], /scan mode/i],
      [['verify', '--settings', shared('responses/settings.json'), hc1], /--trust/],
      [['verify', ...common(), join(dir, 'missing.png')], /neither an HC1: string nor a readable image/],
      [['verify', ...common(), trustPem], /PNG or JPEG|QR/],
      [['verify', ...common().slice(0, 4), '--at', 'yesterday', hc1], /--at/],
    ]
    for (const [args, message] of cases) {
      const { code, stderr } = await greenpass(args)
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`)
      assert.match(stderr, message)
    }
  })
})
