import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Command } from 'commander'
import {
  formatOfFile,
  type ImportOutcome,
  importPersons,
  isRegistryError,
  openDatabase,
  type RegistryFormat,
} from '@greenpass/platform'

interface RegistryImportFlags {
  format?: string
  data: string
}

/**
 * `greenpass registry import <file> [--format csv|json] [--data data]`: loads persons into the platform's registry
 * (SQLite under the data folder, or DATABASE_URL). Exit code 0 when every row was stored, 1 when some were refused,
 * 2 when the file could not be read as a whole (nothing stored).
 */
export function registryCommand(): Command {
  const registry = new Command('registry').description('The registry of persons (fiscal code, names, card, contacts)')
  registry
    .command('import <file>')
    .description('Import persons from CSV (header row) or a JSON array; refused rows are listed by line')
    .option('--format <format>', 'csv or json (default: from the file extension)')
    .option('--data <dir>', 'data folder holding the SQLite file (ignored with DATABASE_URL)', 'data')
    .action(async (file: string, flags: RegistryImportFlags) => {
      const format = flags.format ?? formatOfFile(file)
      if (format !== 'csv' && format !== 'json') {
        console.error('greenpass registry import: say --format csv or --format json')
        process.exitCode = 2
        return
      }
      try {
        const outcome = await runRegistryImport(file, format, flags.data, process.env.DATABASE_URL, new Date())
        console.log(describeImport(outcome))
        if (outcome.refused.length > 0) process.exitCode = 1
      } catch (error) {
        if (!isRegistryError(error)) throw error
        console.error(`greenpass registry import: ${error.code}: ${error.message}`)
        process.exitCode = 2
      }
    })
  return registry
}

/** The action of `registry import`, with the clock passed in (tests call it directly). */
export async function runRegistryImport(
  file: string,
  format: RegistryFormat,
  dataDir: string,
  databaseUrl: string | undefined,
  now: Date,
): Promise<ImportOutcome> {
  const input = await readFile(file, 'utf8')
  const database = await openDatabase(databaseUrl ? { url: databaseUrl } : { file: join(dataDir, 'platform.sqlite') })
  try {
    return await importPersons(database.db, input, format, now)
  } finally {
    await database.close()
  }
}

/**
 * The counts, then one line per refused row: its line number and problem codes only. Never the row's values: the
 * output ends up in terminals and logs, and the values are personal data.
 */
export function describeImport(outcome: ImportOutcome): string {
  const lines = [`imported ${outcome.imported}, refused ${outcome.refused.length}`]
  for (const { line, problems } of outcome.refused) {
    lines.push(`  line ${line}: ${problems.map((p) => (p.path ? `${p.path.slice(1)} ${p.code}` : p.code)).join(', ')}`)
  }
  return lines.join('\n')
}
