import { startPlatform } from '@greenpass/platform'
import { Command } from 'commander'

/** `greenpass start`: the platform on its embedded defaults (SQLite under data/, test keys, dev mailbox and SMS sink). */
export function startCommand(): Command {
  return new Command('start')
    .description(
      'Start the national platform on its embedded defaults (DATABASE_URL, SMTP_URL, SMS_URL, PORT override)',
    )
    .option('--data <dir>', 'data folder: SQLite file, keys, secrets', 'data')
    .option('--port <port>', 'HTTP port', process.env.PORT ?? '8080')
    .action(async (flags: { data: string; port: string }) => {
      const platform = await startPlatform({
        dataDir: flags.data,
        port: Number(flags.port),
        databaseUrl: process.env.DATABASE_URL,
        smtpUrl: process.env.SMTP_URL,
        smsUrl: process.env.SMS_URL,
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
      const stop = async () => {
        await platform.close()
        process.exit(0)
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
}
