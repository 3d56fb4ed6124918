import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'node:test'
import ts from 'typescript'

// The app's browser sources are not in the root tsconfig (they need the DOM's types, which clash with Node's), and
// esbuild strips types without checking them: this is where they are type-checked.
const CONFIG = fileURLToPath(new URL('../../web/tsconfig.json', import.meta.url))

describe('the verifier web app sources', () => {
  it('type-check against the DOM (packages/verifier/web/tsconfig.json)', () => {
    const { config, error } = ts.readConfigFile(CONFIG, (path) => ts.sys.readFile(path))
    assert.equal(error, undefined)
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, fileURLToPath(new URL('../../web/', import.meta.url)))
    const program = ts.createProgram(parsed.fileNames, parsed.options)
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
    assert.deepEqual(problems, [])
  })
})
