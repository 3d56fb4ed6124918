import { randomBytes } from 'node:crypto'
import { Command } from 'commander'
import { type GatewayKey, type InitializedKey, initGatewayKeys, initKeys, isKeyError } from '@greenpass/platform'

interface KeysInitFlags {
  dir: string
  force?: boolean
}

/**
 * `greenpass keys init [--dir data/keys] [--force]`: a test CSCA and the `ordinary` and `recovery` DSCs it signs.
 * Exit code 0 when made, 1 when keys already exist (nothing is touched without `--force`).
 */
export function keysCommand(): Command {
  const keys = new Command('keys').description(
    'Signing keys: test CSCA and DSCs, EU gateway UPLOAD and AUTHENTICATION certificates (private keys mode 0600)',
  )
  keys
    .command('init')
    .description('Make a test CSCA and two DSCs it signs (ordinary; recovery-only for "recovery bis"), valid 540 days')
    .option('--dir <dir>', 'the keys folder', 'data/keys')
    .option('--force', 'replace existing keys')
    .action(async (flags: KeysInitFlags) => {
      try {
        const now = new Date()
        const made = await runKeysInit(flags, now)
        console.log(describeKeys(made))
        console.log(describeGatewayKeys(await runGatewayKeysInit(flags, now)))
      } catch (error) {
        if (!isKeyError(error, 'KEYS_EXIST')) throw error
        console.error(`greenpass keys init: ${error.message}`)
        process.exitCode = 1
      }
    })
  return keys
}

/** The action of `keys init`, with the clock passed in (tests call it directly). */
export function runKeysInit(flags: KeysInitFlags, now: Date): Promise<InitializedKey[]> {
  return initKeys({
    dir: flags.dir,
    now,
    country: 'IT',
    random: (n) => new Uint8Array(randomBytes(n)),
    force: flags.force,
  })
}

/** The action's second half: Italy's EU gateway UPLOAD and AUTHENTICATION certificates, in the same folder. */
export function runGatewayKeysInit(flags: KeysInitFlags, now: Date): Promise<GatewayKey[]> {
  return initGatewayKeys({
    dir: flags.dir,
    now,
    country: 'IT',
    random: (n) => new Uint8Array(randomBytes(n)),
    force: flags.force,
  })
}

/** One line per gateway credential: its role, validity and file (onboard it with `greenpass gateway onboard`). */
export function describeGatewayKeys(made: readonly GatewayKey[]): string {
  return made
    .map((key) => {
      const role = key.role === 'upload' ? 'UPLOAD' : 'AUTHENTICATION'
      return `gateway ${role.padEnd(14)} ${key.notBefore.toISOString()} → ${key.notAfter.toISOString()}  ${key.certificatePath}`
    })
    .join('\n')
}

/** One line per certificate: name, kid, validity and what it may sign. */
export function describeKeys(made: readonly InitializedKey[]): string {
  return made
    .map((key) => {
      const usage =
        key.role === 'csca' ? 'CA' : key.keyUsage === 'any' ? 'signs any type' : `signs only ${key.keyUsage.join(',')}`
      const from = key.notBefore.toISOString()
      const to = key.notAfter.toISOString()
      return `${key.name.padEnd(9)} kid ${key.kid}  ${from} → ${to}  ${usage}  ${key.certificatePath}`
    })
    .join('\n')
}
