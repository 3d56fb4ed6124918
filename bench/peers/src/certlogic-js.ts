// Peer: certlogic-js 0.8.2 (Apache-2.0), the reference implementation of the CertLogic specification: a speed and
// correctness reference for our evaluator, never a runtime dependency.

import { createRequire } from 'node:module'

export interface CertLogicJs {
  readonly evaluate: (expression: unknown, data: unknown) => unknown
}

export function loadCertLogicJs(): CertLogicJs {
  return createRequire(import.meta.url)('certlogic-js') as CertLogicJs
}
