import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite'
import { SqliteDialect, SqliteDriver, type Driver, type SqliteDatabase, type SqliteStatement } from 'kysely'

/** Options of {@link NodeSqliteDialect}. */
export interface NodeSqliteOptions {
  /** The database file (`:memory:` for a throwaway database). */
  file: string
  /** How long a writer waits for another process's lock before failing with SQLITE_BUSY (default 5,000 ms). */
  busyTimeoutMs?: number
  /** How many prepared statements are kept (default 256; Kysely makes a new SQL text per IN-list length). */
  statementCacheSize?: number
}

/**
 * Adapts `node:sqlite`'s `DatabaseSync` to the better-sqlite3-shaped object Kysely's SQLite driver expects.
 *
 * Kysely asks a statement whether it is a `reader` to choose between `all()` (rows) and `run()` (changes): a
 * statement returns rows exactly when it has result columns, which `columns()` tells, and that includes
 * `INSERT … RETURNING`. Statements are cached by SQL text because preparing costs as much as running a small insert.
 */
export class NodeSqliteDatabase implements SqliteDatabase {
  readonly raw: DatabaseSync
  readonly #cache = new Map<string, CachedStatement>()
  readonly #cacheSize: number
  readonly #busyTimeoutMs: number

  constructor(options: NodeSqliteOptions) {
    this.#busyTimeoutMs = options.busyTimeoutMs ?? 5_000
    this.raw = new DatabaseSync(options.file, { timeout: this.#busyTimeoutMs })
    this.#cacheSize = options.statementCacheSize ?? 256
    // WAL lets readers in other processes go on while one writer commits; NORMAL sync is durable across a process
    // crash (only an OS crash can lose the last commits), which is the failure the platform's crash test is about.
    this.raw.exec('PRAGMA journal_mode = WAL')
    this.raw.exec('PRAGMA synchronous = NORMAL')
    this.raw.exec('PRAGMA foreign_keys = ON')
  }

  prepare(sql: string): SqliteStatement {
    let cached = this.#cache.get(sql)
    if (cached === undefined) {
      cached = new CachedStatement(this.raw.prepare(sql))
      if (this.#cache.size >= this.#cacheSize) {
        // Maps iterate in insertion order: drop the oldest entry (a FIFO is enough for a cache of hot SQL texts).
        const oldest = this.#cache.keys().next()
        if (oldest.done !== true) this.#cache.delete(oldest.value)
      }
      this.#cache.set(sql, cached)
    }
    return cached
  }

  /**
   * `BEGIN IMMEDIATE`, waiting for another connection's write lock in short asynchronous steps. SQLite's own busy
   * handler sleeps 1, 2, 5 … then 100 ms between tries, so a writer waiting behind a 5 ms transaction often sleeps far
   * longer than it had to, which made two threads sharing a file slower than one; here it tries again after a
   * fraction of a millisecond, doubling to 4 ms, until the busy timeout.
   */
  async beginImmediate(): Promise<void> {
    const deadline = Date.now() + this.#busyTimeoutMs
    this.raw.exec('PRAGMA busy_timeout = 0')
    try {
      for (let waitMs = 0.25; ; waitMs = Math.min(2 * waitMs, 4)) {
        try {
          this.raw.exec('BEGIN IMMEDIATE')
          return
        } catch (error) {
          if ((error as { errcode?: number }).errcode !== SQLITE_BUSY || Date.now() > deadline) throw error
        }
        await new Promise((resolve) => setTimeout(resolve, waitMs))
      }
    } finally {
      this.raw.exec(`PRAGMA busy_timeout = ${this.#busyTimeoutMs}`)
    }
  }

  close(): void {
    this.#cache.clear()
    if (this.raw.isOpen) this.raw.close()
  }
}

class CachedStatement implements SqliteStatement {
  readonly reader: boolean
  readonly #stmt: StatementSync

  constructor(stmt: StatementSync) {
    this.#stmt = stmt
    this.reader = stmt.columns().length > 0
  }

  all(parameters: ReadonlyArray<unknown>): unknown[] {
    // node:sqlite rows have a null prototype; pg's are plain objects. Plain objects on both keep results comparable.
    return this.#stmt.all(...toSqlite(parameters)).map((row) => ({ ...row }))
  }

  run(parameters: ReadonlyArray<unknown>): { changes: number | bigint; lastInsertRowid: number | bigint } {
    return this.#stmt.run(...toSqlite(parameters))
  }

  iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
    return this.#stmt.iterate(...toSqlite(parameters))
  }
}

/** `node:sqlite` binds only null, numbers, bigints, strings and bytes: booleans become 0/1 as SQLite stores them. */
function toSqlite(parameters: ReadonlyArray<unknown>): SQLInputValue[] {
  return parameters.map((p) => {
    if (typeof p === 'boolean') return p ? 1 : 0
    if (p === undefined) return null
    return p as SQLInputValue
  })
}

/**
 * Kysely's SQLite driver with `BEGIN IMMEDIATE` transactions: a transaction takes the write lock when it starts, so
 * two processes never both read under a deferred lock and then fail to upgrade it (SQLITE_BUSY without waiting).
 * Within one process Kysely already serialises the single connection (the SQLite adapter has no multiple connections).
 */
class NodeSqliteDriver extends SqliteDriver {
  readonly #database: NodeSqliteDatabase

  constructor(database: NodeSqliteDatabase) {
    super({ database })
    this.#database = database
  }

  override async beginTransaction(): Promise<void> {
    await this.#database.beginImmediate()
  }
}

const SQLITE_BUSY = 5

/**
 * A Kysely dialect over `node:sqlite`: WAL, a busy timeout, foreign keys on, cached statements, immediate transactions.
 * Integers come back as JavaScript numbers (node:sqlite's default), as `pg` is configured to return them too.
 */
export class NodeSqliteDialect extends SqliteDialect {
  readonly database: NodeSqliteDatabase

  constructor(options: NodeSqliteOptions) {
    const database = new NodeSqliteDatabase(options)
    super({ database })
    this.database = database
  }

  override createDriver(): Driver {
    return new NodeSqliteDriver(this.database)
  }
}
