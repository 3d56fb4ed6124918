import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { NodeSqliteDatabase } from '../src/index.ts'

describe('NodeSqliteDatabase.beginImmediate: waiting for another connection’s write lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-lock-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('waits while the other writer holds the lock and takes it once that one commits', async () => {
    const file = join(dir, 'a.sqlite')
    const first = new NodeSqliteDatabase({ file })
    const second = new NodeSqliteDatabase({ file })
    try {
      first.raw.exec('create table t (x integer)')
      await first.beginImmediate()
      first.raw.exec('insert into t values (1)')
      const order: string[] = []
      const waiting = second.beginImmediate().then(() => order.push('second began'))
      await new Promise((resolve) => setTimeout(resolve, 20))
      order.push('first commits')
      first.raw.exec('commit')
      await waiting
      second.raw.exec('insert into t values (2)')
      second.raw.exec('commit')
      assert.deepEqual(order, ['first commits', 'second began'])
      assert.deepEqual(
        second.raw
          .prepare('select x from t order by x')
          .all()
          .map((row) => row.x),
        [1, 2],
      )
    } finally {
      first.close()
      second.close()
    }
  })

  it('gives up with SQLITE_BUSY after the busy timeout, and leaves the timeout in force for other statements', async () => {
    const file = join(dir, 'b.sqlite')
    const first = new NodeSqliteDatabase({ file })
    const second = new NodeSqliteDatabase({ file, busyTimeoutMs: 30 })
    try {
      await first.beginImmediate()
      await assert.rejects(second.beginImmediate(), (error: unknown) => (error as { errcode?: number }).errcode === 5)
      assert.deepEqual({ ...second.raw.prepare('pragma busy_timeout').get() }, { timeout: 30 })
      first.raw.exec('rollback')
    } finally {
      first.close()
      second.close()
    }
  })
})
