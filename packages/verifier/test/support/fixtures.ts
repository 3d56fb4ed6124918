import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { ServedDsc } from './verifier-server.ts'

/** The shared test data beside the repository: the repo root is three levels up from packages/verifier/test. */
export const SHARED_TESTDATA = fileURLToPath(new URL('../../../../../shared/testdata/', import.meta.url))
export const RESPONSES = `${SHARED_TESTDATA}verificac19/responses/`

/** A protocol fixture (§12.1), parsed. Fails with a clear message when the shared test data is missing. */
export function responseFixture(name: string): unknown {
  if (!existsSync(RESPONSES)) {
    throw new Error(
      `The shared test data is missing: expected ${RESPONSES} (../shared/testdata beside the repository). ` +
        'These tests need the VerificaC19 protocol fixtures; they do not pass without them.',
    )
  }
  return JSON.parse(readFileSync(`${RESPONSES}${name}`, 'utf8'))
}

/** DSC-validation.json as the `update` protocol serves it: kid as listed, base64 DER as the body. */
export function fixtureDscs(): ServedDsc[] {
  const entries = responseFixture('DSC-validation.json') as { kid: string; raw_data: string }[]
  return entries.map((entry) => ({ kid: entry.kid, der: entry.raw_data }))
}

export function fixtureSettings(): { name: string; type: string; value: string }[] {
  return responseFixture('settings.json') as { name: string; type: string; value: string }[]
}
