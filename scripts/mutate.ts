/**
 * `npm run mutate -- <package|file…>`: mutation testing of a package's sources (or of some files) with StrykerJS's
 * command runner over `node --test`. Shared settings are in stryker.config.json; this adds what depends on the
 * target: the files to mutate and the test command.
 *
 * The command runs only the tests that can see a mutant: the package's own tests (other packages import it
 * through node_modules, which points at the unmutated sources), narrowed to the test folder of the same layer
 * (`src/domain/x.ts` → `test/domain/`) when there is one, and to the test files whose relative imports reach a
 * mutated file. `--tests <file…>` names the test files instead. Tests run in one process (`--test-isolation=none`)
 * for the packages whose tests share no state across files.
 *
 * Examples: `npm run mutate -- rules`, `npm run mutate -- packages/hcert/src/cwt.ts packages/hcert/src/base45.ts`.
 */
import { existsSync, globSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { Stryker } from '@stryker-mutator/core'

const ROOT = resolve(import.meta.dirname, '..')

/** Data, not code: mutants there only change a table's contents. */
const NOT_MUTATED = [
  'packages/*/src/index.ts',
  'packages/hcert/src/valuesets/!(check|value-sets).ts',
  'packages/rules/src/default-settings.ts',
]

/** Packages whose test files can share one process. */
const ONE_PROCESS = new Set(['rules', 'hcert'])

function usage(message: string): never {
  console.error(`${message}\nusage: npm run mutate -- <package|file…> [--tests <test file…>]`)
  process.exit(2)
}

function packageOf(file: string): string {
  const match = /^packages\/([^/]+)\/src\//.exec(file)
  if (!match?.[1]) usage(`not a package source file: ${file}`)
  return match[1]
}

/** The files a target names, relative to the repository root. */
function sourcesOf(target: string): string[] {
  const asPackage = join('packages', target, 'src')
  if (existsSync(join(ROOT, asPackage)) && statSync(join(ROOT, asPackage)).isDirectory()) {
    const excluded = new Set(NOT_MUTATED.flatMap((pattern) => globSync(pattern, { cwd: ROOT })))
    return globSync(`${asPackage}/**/*.ts`, { cwd: ROOT }).filter((file) => !excluded.has(file))
  }
  const file = relative(ROOT, resolve(target))
  if (!existsSync(join(ROOT, file))) usage(`no such package or file: ${target}`)
  packageOf(file)
  return [file]
}

const IMPORT =
  /(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]/g

/** Every file reached from `file` through relative imports, the file included. */
function reach(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file) || !existsSync(join(ROOT, file))) return seen
  seen.add(file)
  for (const match of readFileSync(join(ROOT, file), 'utf8').matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2]
    if (specifier) reach(relative(ROOT, resolve(ROOT, dirname(file), specifier)), seen)
  }
  return seen
}

/** The package's test files that can see a mutant in `sources`. */
function testsOf(pkg: string, sources: readonly string[]): string[] {
  // `src/domain/x.ts` → `test/domain/`, when every mutated file lies in a layer that has its own test folder.
  const folders = sources.map((file) => {
    const layer = file.split('/').slice(3, -1)[0]
    return layer === undefined ? undefined : `packages/${pkg}/test/${layer}`
  })
  const layered = folders.every((folder) => folder !== undefined && existsSync(join(ROOT, folder)))
  const pattern = layered ? `{${[...new Set(folders)].join(',')}}/**/*.test.ts` : `packages/${pkg}/test/**/*.test.ts`
  return globSync(pattern, { cwd: ROOT })
    .filter((test) => sources.some((source) => reach(test).has(source)))
    .sort()
}

const args = process.argv.slice(2)
const split = args.indexOf('--tests')
const targets = split === -1 ? args : args.slice(0, split)
const named = split === -1 ? [] : args.slice(split + 1).map((file) => relative(ROOT, resolve(file)))
if (targets.length === 0) usage('name a package or some source files')

const mutate = [...new Set(targets.flatMap(sourcesOf))].sort()
const packages = [...new Set(mutate.map(packageOf))]
if (packages.length !== 1) usage(`one package at a time (got ${packages.join(', ')}): each has its own tests`)
const pkg = packages[0] as string
const tests = named.length > 0 ? named : testsOf(pkg, mutate)
if (tests.length === 0) usage(`no test of ${pkg} reaches ${mutate.join(', ')}`)

const isolation = ONE_PROCESS.has(pkg) ? ['--test-isolation=none'] : []
// The runner's own Node (24) rather than whatever `node` is first on PATH.
const command = [process.execPath, '--test', ...isolation, ...tests].join(' ')
console.log(`mutating ${mutate.length} file(s) of ${pkg}; tests: ${tests.join(' ')}`)

process.chdir(ROOT)
// Sandboxes are made in .stryker-tmp/: the tests find the shared test data beside the repository (../shared).
const besideSandboxes = join(ROOT, '.stryker-tmp', 'shared')
if (existsSync(join(ROOT, '..', 'shared')) && !existsSync(besideSandboxes)) {
  mkdirSync(dirname(besideSandboxes), { recursive: true })
  symlinkSync(join(ROOT, '..', 'shared'), besideSandboxes)
}
const stryker = new Stryker({ configFile: 'stryker.config.json', mutate, commandRunner: { command } })
await stryker.runMutationTest()
