import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

// The wallet's browser sources are not in the root tsconfig (they need the DOM's types, which clash with Node's), and
// esbuild strips types without checking them: this is where they are type-checked.
const WEB = fileURLToPath(new URL('../web/', import.meta.url))

describe('the wallet web app sources', () => {
  it('type-check against the DOM (packages/io/web/tsconfig.json)', () => {
    const { config, error } = ts.readConfigFile(`${WEB}tsconfig.json`, (path) => ts.sys.readFile(path))
    assert.equal(error, undefined)
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, WEB)
    assert.ok(parsed.fileNames.some((file) => file.endsWith('/app.ts')))
    const problems = ts
      .getPreEmitDiagnostics(ts.createProgram(parsed.fileNames, parsed.options))
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
    assert.deepEqual(problems, [])
  })
})
