// A platform in its own process, for tests that kill it: `node platform-child.ts <dataDir> [databaseUrl]` starts
// `startPlatform` on that data folder (SQLite, or the PostgreSQL database given) and an ephemeral port, then prints `{"url":…,"demoFacilityKey":…}` as one line on stdout.
// SIGTERM/SIGINT close it cleanly; SIGKILL is what the crash test sends.
import { startPlatform } from '../../src/platform.ts'

const dataDir = process.argv[2]
if (!dataDir) {
  console.error('usage: platform-child.ts <dataDir> [databaseUrl]')
  process.exit(2)
}
const platform = await startPlatform({ dataDir, databaseUrl: process.argv[3], port: 0, logLevel: 'silent' })
process.stdout.write(`${JSON.stringify({ url: platform.url, demoFacilityKey: platform.demoFacilityKey })}\n`)
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void platform.close().then(() => process.exit(0))
  })
}
