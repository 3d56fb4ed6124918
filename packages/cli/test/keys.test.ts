import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { describeKeys, keysCommand, runKeysInit } from '../src/commands/keys.ts'

const CLI = fileURLToPath(new URL('../bin/greenpass.js', import.meta.url))
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url))
const registered = readFileSync(MAIN, 'utf8').includes('keysCommand()')

describe('greenpass keys init', () => {
  it('makes the CSCA and both DSCs and describes them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-keys-'))
    const now = new Date('2026-05-01T00:00:00Z')
    const made = await runKeysInit({ dir }, now)
    const text = describeKeys(made)
    assert.match(text, /^csca .*CA/m)
    assert.match(text, /^ordinary .*signs any type/m)
    assert.match(text, /^recovery .*signs only r/m)
    for (const key of made) assert.match(text, new RegExp(key.kid.replace(/[+/]/g, '\\$&')))
    assert.match(text, /2027-10-23T00:00:00.000Z/, '540 days after now')
    const dsc = new X509Certificate(readFileSync(join(dir, 'dsc-recovery.crt.pem')))
    assert.deepEqual(dsc.keyUsage, ['1.3.6.1.4.1.1847.2021.1.3'])
    assert.equal(statSync(join(dir, 'dsc-recovery.key.pem')).mode & 0o777, 0o600)
  })

  it('is a commander command: refuses existing keys with exit code 1, replaces them with --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-keys-'))
    const run = async (...args: string[]) => {
      const lines: string[] = []
      const errors: string[] = []
      const log = console.log
      const error = console.error
      console.log = (line: string) => lines.push(line)
      console.error = (line: string) => errors.push(line)
      process.exitCode = undefined
      try {
        await keysCommand()
          .exitOverride()
          .parseAsync(['init', '--dir', dir, ...args], { from: 'user' })
      } finally {
        console.log = log
        console.error = error
      }
      const code = process.exitCode ?? 0
      process.exitCode = undefined
      return { code, out: lines.join('\n'), err: errors.join('\n') }
    }
    const first = await run()
    assert.equal(first.code, 0)
    assert.match(first.out, /ordinary/)
    assert.match(first.out, /^gateway UPLOAD .*gateway-upload\.crt\.pem$/m)
    assert.match(first.out, /^gateway AUTHENTICATION .*gateway-auth\.crt\.pem$/m)
    assert.equal(statSync(join(dir, 'gateway-auth.key.pem')).mode & 0o777, 0o600)
    const again = await run()
    assert.equal(again.code, 1)
    assert.match(again.err, /already exist/)
    const forced = await run('--force')
    assert.equal(forced.code, 0)
    assert.notEqual(forced.out, first.out)
  })

  it('runs as `greenpass keys init` once main.ts registers it', { skip: !registered && 'not registered yet' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-keys-'))
    const result = spawnSync(process.execPath, [CLI, 'keys', 'init', '--dir', dir], { encoding: 'utf8' })
    assert.equal(result.status, 0, result.stderr)
    assert.match(result.stdout, /recovery .*signs only r/)
  })
})
