import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
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
      // Five demo events, and a two-dose cycle for each of the three SPID/CIE test identities.
      assert.equal(lines[0], '11 events sent, 11 certificates issued:')
      assert.ok(
        lines.some((line) => line.includes('RSSMRA80A01H501U')),
        'prints the portal logins',
      )
      for (let i = 0; i < 100 && (platform.mailbox?.messages().length ?? 0) < 11; i++) await sleep(100)
      assert.equal(platform.mailbox?.messages().length, 11)
      for (let i = 0; i < 100 && (platform.smsSink?.messages().length ?? 0) < 11; i++) await sleep(100)
      assert.equal(platform.smsSink?.messages().length, 11)
    } finally {
      await platform.close()
    }
  })
})

describe('greenpass demo --platform with another data folder', () => {
  it('says which file is missing and which flag to pass, exit code 2, no stack', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'demo-no-data-'))
    const result = spawnSync(
      process.execPath,
      [
        join(import.meta.dirname, '../bin/greenpass.js'),
        'demo',
        '--platform',
        'http://127.0.0.1:9',
        '--data',
        elsewhere,
      ],
      { encoding: 'utf8' },
    )
    assert.equal(result.status, 2, result.stderr)
    assert.match(result.stderr, new RegExp(`No demo facility key at ${join(elsewhere, 'demo-facility.key')}`))
    assert.match(result.stderr, /--data <dir>/)
    assert.doesNotMatch(result.stderr, /ENOENT|\n\s+at /)
  })
})
