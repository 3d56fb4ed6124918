import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  createDemoCountry,
  GATEWAY_ROLES,
  gatewayClient,
  gatewayCredentials,
  type GatewayRole,
  loadTrustedParty,
  OnboardingError,
  onboardTrustedParty,
  openGatewayDatabase,
  gatewayFiles,
  type RunningGateway,
  signTrustedParty,
  startGateway,
  trustAnchorOf,
  type TrustedPartyType,
} from '@greenpass/gateway'
import {
  type GatewayConnection,
  gatewayKeyFiles,
  initGatewayKeys,
  initKeys,
  keyFiles,
  readGatewayKeys,
} from '@greenpass/platform'
import { Command, Option } from 'commander'

const TYPES: readonly TrustedPartyType[] = ['AUTHENTICATION', 'UPLOAD', 'CSCA']

interface GatewayDataFlags {
  data: string
}

/**
 * `greenpass gateway …`, the trust anchor operator's commands: `start` the gateway alone; `onboard` a country's
 * certificate (the trust anchor signs and the gateway loads it); or the two halves apart, `sign` where the trust
 * anchor's key is and `load` at the gateway, as in production where that key stays offline.
 */
export function gatewayCommand(): Command {
  const gateway = new Command('gateway').description('The EU DCC gateway and its trust anchor operator')
  const dataOption = new Option(
    '--data <dir>',
    'gateway data folder (database, trust anchor, TLS certificate)',
  ).default(join('data', 'gateway'))
  gateway
    .command('start')
    .description('Start the gateway alone (mTLS on its own listener; GATEWAY_DATABASE_URL for PostgreSQL)')
    .addOption(dataOption)
    .option('--port <port>', 'HTTPS port', '8090')
    .action(async (flags: GatewayDataFlags & { port: string }) => {
      const running = await startGateway({
        dataDir: flags.data,
        port: Number(flags.port),
        databaseUrl: process.env.GATEWAY_DATABASE_URL,
        logLevel: process.env.LOG_LEVEL ?? 'warn',
      })
      console.log(
        `greenpass EU gateway    ${running.url}  (OpenAPI ${running.url}/api/docs, client certificate needed)`,
      )
      stopOnSignal(() => running.close())
    })
  gateway
    .command('onboard')
    .description('Sign a certificate with the trust anchor and load it as a trusted party')
    .addOption(dataOption)
    .addOption(new Option('--type <type>', 'the trusted party type').choices(TYPES).makeOptionMandatory())
    .requiredOption('--cert <pem>', 'the certificate (PEM file); its C= is the country')
    .addOption(
      new Option('--role <role...>', 'revocation-list roles of an AUTHENTICATION certificate').choices(GATEWAY_ROLES),
    )
    .action(async (flags: GatewayDataFlags & { type: TrustedPartyType; cert: string; role?: GatewayRole[] }) => {
      const credentials = await gatewayCredentials(flags.data, new Date())
      await withGatewayDatabase(flags.data, async (db) => {
        const party = await onboardTrustedParty(db, credentials.trustAnchor, {
          certificate: await readFile(flags.cert, 'utf8'),
          type: flags.type,
          roles: flags.role ?? [],
          now: new Date(),
        })
        console.log(`onboarded ${party.country} ${flags.type} ${party.thumbprint}`)
      })
    })
  gateway
    .command('sign')
    .description('Print the trust anchor’s detached CMS signature (base64) over a certificate, as `dgc ta sign` does')
    .addOption(dataOption)
    .requiredOption('--cert <pem>', 'the certificate (PEM file)')
    .action(async (flags: GatewayDataFlags & { cert: string }) => {
      const { trustAnchor } = await gatewayCredentials(flags.data, new Date())
      console.log(await signTrustedParty(await readFile(flags.cert, 'utf8'), trustAnchor))
    })
  gateway
    .command('load')
    .description('Load a certificate with its trust anchor signature (from `gateway sign`) as a trusted party')
    .addOption(dataOption)
    .addOption(new Option('--type <type>', 'the trusted party type').choices(TYPES).makeOptionMandatory())
    .requiredOption('--cert <pem>', 'the certificate (PEM file)')
    .requiredOption('--signature <file>', 'the base64 signature file')
    .addOption(new Option('--role <role...>', 'revocation-list roles').choices(GATEWAY_ROLES))
    .action(
      async (
        flags: GatewayDataFlags & { type: TrustedPartyType; cert: string; signature: string; role?: GatewayRole[] },
      ) => {
        const anchor = trustAnchorOf(await readFile(gatewayFiles(flags.data).trustAnchorCertificate, 'utf8'))
        await withGatewayDatabase(flags.data, async (db) => {
          const party = await loadTrustedParty(db, anchor, {
            certificate: await readFile(flags.cert, 'utf8'),
            type: flags.type,
            signature: (await readFile(flags.signature, 'utf8')).trim(),
            roles: flags.role ?? [],
            now: new Date(),
          })
          console.log(`loaded ${party.country} ${flags.type} ${party.thumbprint}`)
        })
      },
    )
  return gateway
}

/**
 * What `greenpass start` runs besides the platform (issue 7): the gateway, a second demo country (DE) onboarded with
 * Italy by the trust anchor, the demo country's DSC uploaded and one of its certificates written to
 * `<data>/gateway/demo-DE.hc1.txt`. Italy's keys are made first if missing, so its CSCA, UPLOAD and AUTHENTICATION
 * certificates can be onboarded before the platform's connector uploads and syncs.
 */
export async function startGatewayStack(
  dataDir: string,
  port: number,
): Promise<{
  gateway: RunningGateway
  connection: GatewayConnection
  demoCertificatePath: string
}> {
  const now = new Date()
  const random = (n: number) => new Uint8Array(randomBytes(n))
  const keysDir = join(dataDir, 'keys')
  if (!existsSync(keyFiles(keysDir, 'csca').certificate)) await initKeys({ dir: keysDir, now, random })
  if (!existsSync(gatewayKeyFiles(keysDir, 'upload').certificate)) await initGatewayKeys({ dir: keysDir, now, random })
  const gateway = await startGateway({
    dataDir: join(dataDir, 'gateway'),
    port,
    databaseUrl: process.env.GATEWAY_DATABASE_URL,
    logLevel: process.env.LOG_LEVEL ?? 'warn',
  })
  try {
    const { db } = gateway.database
    const anchor = gateway.credentials.trustAnchor
    const italy = await readGatewayKeys(keysDir)
    for (const [certificate, type] of [
      [await readFile(keyFiles(keysDir, 'csca').certificate, 'utf8'), 'CSCA'],
      [italy.upload.certificatePem, 'UPLOAD'],
      [italy.authentication.certificatePem, 'AUTHENTICATION'],
    ] as const) {
      await onboardTrustedParty(db, anchor, { certificate, type, now })
    }
    // The demo country lives in memory: a fresh one (its CSCA, DSC, certificates) each start.
    const germany = await createDemoCountry({ country: 'DE', now })
    await germany.onboard(db, anchor, now)
    const client = gatewayClient({
      url: gateway.url,
      ca: gateway.serverCertificatePem,
      cert: germany.authentication.pem,
      key: germany.authentication.privateKeyPem,
    })
    const uploaded = await germany.uploadDsc(client)
    if (uploaded.status !== 201)
      throw new Error(`the demo country's DSC upload answered ${uploaded.status}: ${uploaded.text}`)
    const demoCertificatePath = join(dataDir, 'gateway', 'demo-DE.hc1.txt')
    await writeFile(demoCertificatePath, `${germany.issueVaccination(now)}\n`)
    return {
      gateway,
      connection: {
        url: gateway.url,
        serverCertificatePem: gateway.serverCertificatePem,
        trustAnchorPem: gateway.credentials.trustAnchorPem,
      },
      demoCertificatePath,
    }
  } catch (error) {
    await gateway.close()
    throw error
  }
}

async function withGatewayDatabase(
  dataDir: string,
  task: (db: Awaited<ReturnType<typeof openGatewayDatabase>>['db']) => Promise<void>,
): Promise<void> {
  const url = process.env.GATEWAY_DATABASE_URL
  const database = await openGatewayDatabase(url ? { url } : { file: gatewayFiles(dataDir).database })
  try {
    await task(database.db)
  } catch (error) {
    if (!(error instanceof OnboardingError)) throw error
    console.error(`greenpass gateway: ${error.message} (${error.code})`)
    process.exitCode = 1
  } finally {
    await database.close()
  }
}

function stopOnSignal(close: () => Promise<void>): void {
  const stop = async () => {
    await close()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
