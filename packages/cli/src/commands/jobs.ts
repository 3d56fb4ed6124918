import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Command } from 'commander'
import {
  type IssuanceServices,
  openDatabase,
  openFileKeyStore,
  type ReissueJobOutcome,
  runBoosterAlignment,
  runRenewal,
} from '@greenpass/platform'

interface JobFlags {
  data: string
  batchSize: string
}

/**
 * `greenpass jobs align-boosters` and `greenpass jobs renew [--window-days 30]`: the re-issue jobs on the platform's
 * database (SQLite under `--data`, or DATABASE_URL), its keys (`<data>/keys`) and its code pepper
 * (GREENPASS_CODE_PEPPER or `<data>/code-pepper`). Safe to rerun after a crash: done persons are not issued twice.
 * The new certificates' notifications are queued in the outbox; the running platform's dispatcher sends them.
 */
export function jobsCommand(): Command {
  const jobs = new Command('jobs').description('Re-issue jobs: 3/2 → 3/3 alignment, 540-day renewal (resumable)')
  jobs
    .command('align-boosters')
    .description('Give every live 3/2-encoded booster a 3/3 certificate with a new code (the old one stays valid)')
    .option('--data <dir>', 'data folder: SQLite file, keys, secrets', 'data')
    .option('--batch-size <n>', 'persons read per query', '100')
    .action(async (flags: JobFlags) => {
      const outcome = await withServices(flags.data, (services) =>
        runBoosterAlignment(services, { now: new Date(), batchSize: Number(flags.batchSize) }),
      )
      console.log(describeJob('align-boosters', outcome))
    })
  jobs
    .command('renew')
    .description('Renew the latest booster of every holder whose certificate ends within the window, for 540 days')
    .option('--data <dir>', 'data folder: SQLite file, keys, secrets', 'data')
    .option('--batch-size <n>', 'persons read per query', '100')
    .option('--window-days <days>', 'renew certificates ending within this many days', '30')
    .action(async (flags: JobFlags & { windowDays: string }) => {
      const outcome = await withServices(flags.data, (services) =>
        runRenewal(services, {
          now: new Date(),
          windowDays: Number(flags.windowDays),
          batchSize: Number(flags.batchSize),
        }),
      )
      console.log(describeJob('renew', outcome))
    })
  return jobs
}

/**
 * Opens what `startPlatform` opens for issuing (database, key store, code pepper), runs `job`, closes. Keys and the
 * pepper must exist already: a job never makes them, since codes hashed with a new pepper could never be found.
 */
export async function withServices<T>(dataDir: string, job: (services: IssuanceServices) => Promise<T>): Promise<T> {
  const keysDir = join(dataDir, 'keys')
  const pepperFile = join(dataDir, 'code-pepper')
  if (!existsSync(keysDir)) throw new Error(`no keys in ${keysDir}: start the platform once, or run keys init`)
  const codePepper =
    process.env.GREENPASS_CODE_PEPPER ??
    (existsSync(pepperFile) ? (await readFile(pepperFile, 'utf8')).trim() : undefined)
  if (codePepper === undefined) throw new Error(`no code pepper: set GREENPASS_CODE_PEPPER or create ${pepperFile}`)
  const keys = await openFileKeyStore(keysDir)
  const database = await openDatabase(
    process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { file: join(dataDir, 'platform.sqlite') },
  )
  try {
    return await job({
      db: database.db,
      keys,
      codePepper,
      random: (n) => new Uint8Array(randomBytes(n)),
      now: () => new Date(),
      portalUrl: 'https://www.dgc.gov.it/',
      emailFrom: 'noreply@dgc.gov.it',
    })
  } finally {
    await database.close()
  }
}

/** One line of counts (no personal data). */
export function describeJob(name: string, outcome: ReissueJobOutcome): string {
  return (
    `${name}: ${outcome.persons} persons examined, ${outcome.reissuedPersons} re-issued, ` +
    `${outcome.certificates} certificates, ${outcome.notifications} notifications queued, ` +
    `${outcome.conflicts} conflicts`
  )
}
