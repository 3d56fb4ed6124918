import { join } from 'node:path'
import { PermissionGroup, startIo } from '@greenpass/io'
import { startPlatform } from '@greenpass/platform'
import { Command } from 'commander'
import { startGatewayStack } from './gateway.ts'

/** `greenpass start`: the platform on its embedded defaults (SQLite under data/, test keys, dev mailbox and SMS sink). */
export function startCommand(): Command {
  return new Command('start')
    .description(
      'Start the national platform on its embedded defaults (DATABASE_URL, SMTP_URL, SMS_URL, PORT override)',
    )
    .option('--data <dir>', 'data folder: SQLite file, keys, secrets', 'data')
    .option('--port <port>', 'HTTP port', process.env.PORT ?? '8080')
    .option('--gateway-port <port>', 'HTTPS port of the EU gateway', process.env.GATEWAY_PORT ?? '8090')
    .option('--io-port <port>', 'HTTP port of IO (services API, app backend, wallet)', process.env.IO_PORT ?? '8081')
    .action(async (flags: { data: string; port: string; ioPort: string; gatewayPort: string }) => {
      // The EU gateway and a second demo country first: Italy is onboarded before its connector uploads and syncs.
      const stack = await startGatewayStack(flags.data, Number(flags.gatewayPort))
      const platform = await startPlatform({
        gateway: stack.connection,
        dataDir: flags.data,
        port: Number(flags.port),
        databaseUrl: process.env.DATABASE_URL,
        smtpUrl: process.env.SMTP_URL,
        smsUrl: process.env.SMS_URL,
        logLevel: process.env.LOG_LEVEL ?? 'warn',
        ioUrl: `http://127.0.0.1:${flags.ioPort}`,
      })
      // IO next to the platform, each knowing the other's key: the platform is a service in IO's EU-covid-cert group.
      const io = await startIo({
        dataDir: join(flags.data, 'io'),
        port: Number(flags.ioPort),
        platformUrl: platform.url,
        platformKey: platform.ioClientKey,
        services: [
          {
            id: 'dgc',
            name: 'Ministero della Salute',
            key: platform.ioServiceKey,
            groups: Object.values(PermissionGroup),
          },
        ],
        logLevel: process.env.LOG_LEVEL ?? 'warn',
      })
      console.log(`greenpass platform      ${platform.url}`)
      console.log(`  OpenAPI / docs        ${platform.url}/docs`)
      console.log(
        `  intake                POST ${platform.url}/v1/intake/events (X-API-Key: see ${flags.data}/demo-facility.key)`,
      )
      console.log(`  verifier API          ${platform.url}/v1/dgc/  (greenpass verifier sync --from it)`)
      console.log(`  admin API             ${platform.url}/v1/admin/ (Bearer token: see ${flags.data}/admin.token)`)
      if (platform.mailbox)
        console.log(`  dev mailbox           ${platform.url}/dev/mailbox (SMTP ${platform.mailbox.url})`)
      if (platform.smsSink) console.log(`  dev SMS sink          ${platform.url}/dev/sms`)
      console.log(`  citizen portal        ${platform.url}/ (card + code, lost code, SPID/CIE login)`)
      console.log(`  SPID/CIE provider     ${platform.identityProvider}`)
      console.log(`greenpass IO            ${io.url}/ (wallet web app: SPID/CIE login, inbox, certificates)`)
      console.log(`  services API          POST ${io.url}/api/v1/profiles, ${io.url}/api/v1/messages`)
      console.log(`  OpenAPI               ${io.url}/docs/json`)
      console.log(`  IO SPID/CIE provider  ${io.idpIssuer}`)
      console.log(`greenpass EU gateway    ${stack.gateway.url}  (mTLS; OpenAPI at /api/docs)`)
      console.log(`  trust list status     ${platform.url}/v1/admin/gateway (admin token)`)
      console.log(
        `  demo country DE       a certificate in ${stack.demoCertificatePath} (verify it after a verifier sync)`,
      )
      const stop = async () => {
        await io.close()
        await platform.close()
        await stack.gateway.close()
        process.exit(0)
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
}
