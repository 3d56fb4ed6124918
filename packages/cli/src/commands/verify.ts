import { readFile } from 'node:fs/promises'
import { text } from 'node:stream/consumers'
import { createTrustStore, type Dsc, HcertError, importDsc, readQr, type TrustStore } from '@greenpass/hcert'
import { parseScanMode, parseSettings, RulesError } from '@greenpass/rules'
import {
  sdkVersionAccepted,
  type VerificationResult,
  type VerifierData,
  VERIFIER_SDK_VERSION,
  VerifierStore,
  verifyCertificate,
} from '@greenpass/verifier'
import { Command } from 'commander'

/** Bad usage or unreadable input: exit code 2 with a clear message (the contract of `greenpass verify`). */
class UsageError extends Error {}

interface VerifyFlags {
  mode: string
  at?: string
  trust?: string
  settings?: string
  drl?: string
  store?: string
  json?: boolean
}

/**
 * `greenpass verify [--mode …] [--at …] [--trust f] [--settings f] [--drl f] [--store dir] [--json] <input>`.
 * Exit code 0 when VALID, 1 for any other status, 2 for bad usage or unreadable input.
 */
export function verifyCommand(): Command {
  return new Command('verify')
    .description('Verify a certificate offline with the Italian rules of a scan mode (VerificaC19)')
    .argument('<input>', 'an HC1: string, a path to a PNG or JPEG image of the QR code, or - for standard input')
    .option('--mode <mode>', '3G|2G|BOOSTER|SCHOOL|WORK|ENTRY_ITALY|DOUBLE_SCAN|BASE|RAFFORZATA', '3G')
    .option('--at <instant>', 'the validation instant, ISO 8601 (default: now)')
    .option(
      '--trust <file>',
      'DSCs: a JSON array shaped like DSC-validation.json ({kid, country, raw_data}) or a PEM bundle',
    )
    .option('--settings <file>', 'the settings array ({name, type, value})')
    .option('--drl <file>', 'a JSON array of base64 SHA-256 UVCI hashes (revoked)')
    .option('--store <dir>', 'a synced verifier data folder, instead of --trust/--settings/--drl')
    .option('--json', 'print one JSON object')
    .action(async (input: string, flags: VerifyFlags) => {
      try {
        const result = await runVerify(input, flags, new Date())
        console.log(flags.json ? JSON.stringify(toJson(result)) : summary(result))
        process.exitCode = result.status === 'VALID' ? 0 : 1
      } catch (error) {
        if (!(error instanceof UsageError || error instanceof HcertError || error instanceof RulesError)) throw error
        console.error(`greenpass verify: ${error.message}`)
        process.exitCode = 2
      }
    })
}

export async function runVerify(input: string, flags: VerifyFlags, now: Date): Promise<VerificationResult> {
  const mode = parseScanMode(flags.mode)
  const at = flags.at === undefined ? now : parseAt(flags.at)
  const data = await loadData(flags, at)
  // §3.1.1: settings that require a newer verifier make the reference refuse before decoding anything.
  if (!sdkVersionAccepted(data.settings.minSdkVersion)) {
    throw new UsageError(
      `the settings require verifier SDK ${data.settings.minSdkVersion} or later (this is ${VERIFIER_SDK_VERSION})`,
    )
  }
  return verifyCertificate(await readInput(input), data, { mode, at })
}

function parseAt(value: string): Date {
  const at = new Date(value)
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at.getTime())) {
    throw new UsageError(`--at ${value} is not an ISO 8601 instant`)
  }
  return at
}

async function readInput(input: string): Promise<string> {
  if (input === '-') return (await text(process.stdin)).trim()
  if (/^HC1:/i.test(input)) return input.trim()
  let bytes: Uint8Array
  try {
    bytes = await readFile(input)
  } catch {
    throw new UsageError(`${input} is neither an HC1: string nor a readable image file`)
  }
  return (await readQr(bytes)).trim()
}

async function loadData(flags: VerifyFlags, at: Date): Promise<VerifierData> {
  if (flags.store !== undefined) {
    if (flags.trust || flags.settings || flags.drl)
      throw new UsageError('--store excludes --trust, --settings and --drl')
    const store = await VerifierStore.open(flags.store)
    const status = store.status(at)
    if (!status.verificationAllowed) throw new UsageError('the revocation list download is incomplete: sync first')
    return {
      trustStore: store.trustStore(),
      settings: parseSettings(store.settingsRows()),
      isRevoked: (h) => store.drl.has(h),
    }
  }
  if (!flags.trust || !flags.settings) throw new UsageError('give --trust and --settings (or --store)')
  const settings = parseSettings(await readJson(flags.settings))
  const revoked = flags.drl === undefined ? undefined : new Set(asStrings(await readJson(flags.drl), flags.drl))
  return { trustStore: await readTrust(flags.trust), settings, isRevoked: revoked && ((h) => revoked.has(h)) }
}

async function readJson(path: string): Promise<unknown> {
  let content: string
  try {
    content = await readFile(path, 'utf8')
  } catch {
    throw new UsageError(`cannot read ${path}`)
  }
  try {
    return JSON.parse(content.replace(/^\uFEFF/, ''))
  } catch {
    throw new UsageError(`${path} is not JSON`)
  }
}

function asStrings(value: unknown, path: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new UsageError(`${path} must be a JSON array of strings`)
  }
  return value
}

/** A DSC list as the Italian API serves it ({kid, raw_data}), indexed by the served kid; or a PEM bundle. */
async function readTrust(path: string): Promise<TrustStore> {
  const content = await readFile(path, 'utf8').catch(() => {
    throw new UsageError(`cannot read ${path}`)
  })
  if (content.includes('-----BEGIN CERTIFICATE-----')) {
    const pems = content.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
    return createTrustStore(pems.map((pem) => importDsc(pem)))
  }
  const list = await readJson(path)
  if (!Array.isArray(list)) throw new UsageError(`${path} must be a JSON array of {kid, raw_data} or a PEM bundle`)
  const dscs: Dsc[] = []
  for (const entry of list as { kid?: unknown; raw_data?: unknown }[]) {
    if (typeof entry?.kid !== 'string' || typeof entry.raw_data !== 'string') {
      throw new UsageError(`${path}: every entry needs a kid and a raw_data string`)
    }
    dscs.push(importDsc(entry.raw_data, { kid: Buffer.from(entry.kid, 'base64') }))
  }
  return createTrustStore(dscs)
}

function toJson(result: VerificationResult) {
  return {
    status: result.status,
    reason: result.reason,
    mode: result.mode,
    certificateType: result.certificateType,
    person: result.person,
    dateOfBirth: result.dateOfBirth,
    uvci: result.uvci || null,
    kid: result.kid,
    country: result.country,
  }
}

function summary(result: VerificationResult): string {
  const who = result.person
    ? `${result.person.familyName ?? ''} ${result.person.givenName ?? ''}`.trim()
    : 'unknown holder'
  const lines = [`${result.status} (${result.reason}) in mode ${result.mode}`]
  if (result.person) lines.push(`  ${who}, born ${result.dateOfBirth ?? '?'}`)
  if (result.certificateType)
    lines.push(`  ${result.certificateType} certificate ${result.uvci}, ${result.country ?? ''}`)
  return lines.join('\n')
}
