import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { startPlatform } from '@greenpass/platform'
import { runPlatformDemo } from '../src/commands/demo-platform.ts'

describe('greenpass demo --platform', () => {
  it('loads demo events into a running platform: certificates issued, mails and SMS delivered', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'demo-platform-'))
    const platform = await startPlatform({ dataDir, port: 0, logLevel: 'silent' })
    try {
      const lines: string[] = []
      await runPlatformDemo(platform.url, dataDir, new Date(), (line) => lines.push(line))
      assert.equal(lines[0], '5 events sent, 5 certificates issued:')
      for (let i = 0; i < 100 && (platform.mailbox?.messages().length ?? 0) < 5; i++) await sleep(100)
      assert.equal(platform.mailbox?.messages().length, 5)
      for (let i = 0; i < 100 && (platform.smsSink?.messages().length ?? 0) < 5; i++) await sleep(100)
      assert.equal(platform.smsSink?.messages().length, 5)
    } finally {
      await platform.close()
    }
  })
})
