import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RunningPlatform, startPlatform } from '@greenpass/platform'
import { PermissionGroup, type RunningIo, startIo } from '../../src/index.ts'

/** The platform and IO wired to each other as `greenpass start` wires them, on one controllable clock. */
export interface Stack {
  readonly platform: RunningPlatform
  io: RunningIo
  readonly ioPort: number
  readonly ioDataDir: string
  /** The platform's data folder (its keys are under `keys/`). */
  readonly platformDataDir: string
  clock: Date
  /** Posts a health event to the platform's intake as the demo facility. */
  intake(event: unknown): Promise<Response>
  /** (Re)starts IO on its port and data folder (after `io.close()`, to play "IO was down"). */
  startIo(): Promise<RunningIo>
  close(): Promise<void>
}

/** A free loopback port: IO's URL must be known before IO starts, since the platform is started first. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

export async function startStack(clock: Date, options: { ioHost?: string } = {}): Promise<Stack> {
  const ioPort = await freePort()
  const ioDataDir = mkdtempSync(join(tmpdir(), 'io-stack-io-'))
  const stack = { clock } as Stack
  const now = () => stack.clock
  const platformDataDir = mkdtempSync(join(tmpdir(), 'io-stack-platform-'))
  const platform = await startPlatform({
    dataDir: platformDataDir,
    port: 0,
    now,
    logLevel: 'silent',
    ioUrl: `http://127.0.0.1:${ioPort}`,
  })
  const launch = () =>
    startIo({
      dataDir: ioDataDir,
      port: ioPort,
      ...(options.ioHost ? { publicUrl: `http://${options.ioHost}:${ioPort}` } : {}),
      platformUrl: platform.url,
      platformKey: platform.ioClientKey,
      now,
      logLevel: 'silent',
      notifierIntervalMs: 200,
      services: [
        {
          id: 'dgc',
          name: 'Ministero della Salute',
          key: platform.ioServiceKey,
          groups: Object.values(PermissionGroup),
        },
      ],
    })
  Object.assign(stack, {
    platform,
    io: await launch(),
    ioPort,
    ioDataDir,
    platformDataDir,
    intake: (event: unknown) =>
      fetch(`${platform.url}/v1/intake/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': platform.demoFacilityKey },
        body: JSON.stringify(event),
      }),
    async startIo() {
      stack.io = await launch()
      return stack.io
    },
    async close() {
      await stack.io.close().catch(() => undefined)
      await platform.close()
    },
  })
  return stack
}

/** Polls `check` until it gives a value (bounded: a failure says what was awaited, never hangs). */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, tries = 150): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await check()
    if (value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`gave up waiting for ${what}`)
}

/** A vaccination event (Comirnaty) for a person, as the platform's intake takes it. */
export function vaccination(
  person: { fiscalCode: string; givenName: string; familyName: string; dateOfBirth: string },
  eventId: string,
  date: string,
) {
  return {
    kind: 'vaccination',
    eventId,
    person: { ...person, email: 'citizen@example.org' },
    vaccination: { product: 'EU/1/20/1528', manufacturer: 'ORG-100030215', prophylaxis: '1119349007', date },
  }
}

/** The citizen's inbox through the app backend. */
export async function inbox(ioUrl: string, cookie: string) {
  const response = await fetch(`${ioUrl}/api/v1/messages`, { headers: { cookie } })
  return (
    (await response.json()) as { items: { id: string; subject: string; read: boolean; eu_covid_cert: boolean }[] }
  ).items
}
