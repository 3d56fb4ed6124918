import { SyncError, syncVerifier, VerifierStore, writeVerifierApp } from '@greenpass/verifier'
import { Command } from 'commander'

/** `greenpass verifier sync --from <url> --store <dir>` and `greenpass verifier status --store <dir>`. */
export function verifierCommand(): Command {
  const verifier = new Command('verifier').description(
    'The verifier data folder: trust list, settings, revocation list',
  )
  verifier
    .command('sync')
    .description('Sync the trust list, settings and revocation list from a platform (Italian verifier API)')
    .requiredOption('--from <url>', 'base URL of the verifier API, e.g. https://get.dgc.gov.it/v1/dgc/')
    .requiredOption('--store <dir>', 'the verifier data folder (created if missing)')
    .option('--json', 'print the sync report as JSON')
    .action(async (flags: { from: string; store: string; json?: boolean }) => {
      const store = await VerifierStore.open(flags.store)
      let report: Awaited<ReturnType<typeof syncVerifier>>
      try {
        report = await syncVerifier(store, { baseUrl: flags.from, now: new Date() })
      } catch (error) {
        if (!(error instanceof SyncError)) throw error
        console.error(`greenpass verifier sync: ${error.code}: ${error.message}`)
        process.exitCode = 2
        return
      }
      if (flags.json) console.log(JSON.stringify(report))
      else {
        console.log(`trust list: ${report.trustList ? `${report.trustList.count ?? ''} DSCs` : 'FAILED'}`)
        console.log(`settings:   ${report.settings ? 'ok' : 'FAILED'}`)
        console.log(`DRL:        ${report.drl ? 'ok' : 'FAILED'}`)
        for (const issue of report.errors) console.log(`  ${issue.part}: ${issue.code} ${issue.message}`)
      }
      process.exitCode = report.ok ? 0 : 1
    })
  verifier
    .command('status')
    .description('Show what the verifier data folder holds and how old it is')
    .requiredOption('--store <dir>', 'the verifier data folder')
    .option('--json', 'print the status as JSON')
    .action(async (flags: { store: string; json?: boolean }) => {
      const status = (await VerifierStore.open(flags.store)).status(new Date())
      if (flags.json) console.log(JSON.stringify(status))
      else {
        const age = (at: Date | null) => (at ? at.toISOString() : 'never')
        console.log(`trust list: ${status.trustList.count} DSCs, synced ${age(status.trustList.syncedAt)}`)
        console.log(`settings:   ${status.settings.count} rows, synced ${age(status.settings.syncedAt)}`)
        console.log(
          `DRL:        version ${status.drl.version}, ${status.drl.count} revoked, ${status.drl.complete ? 'complete' : 'DOWNLOAD INCOMPLETE'}, synced ${age(status.drl.syncedAt)}`,
        )
        if (status.stale) console.log('WARNING: data older than 24 hours (or never synced): sync before verifying')
      }
    })
  verifier
    .command('build-app')
    .description('Write the verifier web app (camera scanning, offline) as static files for any web server or CDN')
    .requiredOption('--out <dir>', 'the folder to write (created if missing)')
    .action(async (flags: { out: string }) => {
      const files = await writeVerifierApp(flags.out)
      console.log(`wrote ${files.length} files to ${flags.out}: ${files.join(', ')}`)
      console.log('open it with ?api=<verifier API URL> if the API is not at ../v1/dgc/ beside the app')
    })
  return verifier
}
