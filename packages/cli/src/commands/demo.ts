import { generateKeyPairSync, randomBytes } from 'node:crypto'
import {
  createCertificate,
  createTrustStore,
  ES256,
  exampleVaccinationDcc,
  encodeHc1,
  importDsc,
  isHcertError,
  makeItalianUvci,
  validateDccSchema,
  verifyHc1,
} from '@greenpass/hcert'
import { Command } from 'commander'
import { terminalQr } from '../terminal-qr.ts'
import { DemoSetupError, runPlatformDemo } from './demo-platform.ts'

const DAY_MS = 86_400_000

/** `greenpass demo`: issues a sample certificate with a throw-away key, prints its QR code, verifies it. */
export function demoCommand(): Command {
  return new Command('demo')
    .description(
      'Issue a sample certificate with a throw-away key, print its QR code, then verify it; with --platform, load demo persons and events into a running platform',
    )
    .option('--platform <url>', 'a running platform (greenpass start) to load demo events into')
    .option('--data <dir>', 'the platform data folder (for its demo facility key)', 'data')
    .action(async (flags: { platform?: string; data: string }) => {
      const print = (line: string) => console.log(line)
      if (!flags.platform) return runDemo(new Date(), print)
      try {
        await runPlatformDemo(flags.platform, flags.data, new Date(), print)
      } catch (error) {
        if (!(error instanceof DemoSetupError)) throw error
        console.error(`greenpass demo: ${error.message}`)
        process.exitCode = 2
      }
    })
}

export async function runDemo(now: Date, print: (line: string) => void): Promise<void> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const dsc = importDsc(
    await createCertificate({
      subject: 'C=IT, O=greenpass demo, CN=greenpass demo DSC (throw-away)',
      publicKey,
      selfSigningKey: privateKey,
      notBefore: new Date(now.getTime() - DAY_MS),
      notAfter: new Date(now.getTime() + 540 * DAY_MS),
      serialNumber: randomBytes(8).toString('hex'),
    }),
  )
  const dcc = exampleVaccinationDcc({
    vaccination: {
      dt: new Date(now.getTime() - 14 * DAY_MS).toISOString().slice(0, 10),
      ci: makeItalianUvci(randomBytes(16)),
    },
  })
  const hc1 = encodeHc1(dcc, {
    signer: { alg: ES256, privateKey, kid: dsc.kid },
    iss: 'IT',
    iat: now,
    exp: new Date(now.getTime() + 180 * DAY_MS),
    signerNotAfter: dsc.notAfter,
  })

  print(terminalQr(hc1))
  print('')
  print(`${hc1.length} characters: ${hc1.slice(0, 60)}…`)
  print('')
  try {
    const { cwt, dsc: signer } = verifyHc1(hc1, { trustStore: createTrustStore([dsc]), at: now })
    const violations = validateDccSchema(cwt.dcc)
    const v = cwt.dcc.v?.[0]
    print(
      `VERIFIED  signature ES256 by kid ${signer.kidBase64}, schema ${violations.length === 0 ? 'valid' : 'INVALID'}`,
    )
    print(`  holder   ${cwt.dcc.nam.fn} ${cwt.dcc.nam.gn}, born ${cwt.dcc.dob}`)
    print(`  vaccine  dose ${v?.dn}/${v?.sd} on ${v?.dt} (${v?.mp}), UVCI ${v?.ci}`)
    print(
      `  valid    ${new Date((cwt.iat ?? 0) * 1000).toISOString()} → ${new Date((cwt.exp ?? 0) * 1000).toISOString()}`,
    )
  } catch (error) {
    print(`NOT VERIFIED ${isHcertError(error) ? error.code : ''} ${(error as Error).message}`)
    process.exitCode = 1
  }
}
