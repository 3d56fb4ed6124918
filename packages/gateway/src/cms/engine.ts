import { webcrypto } from 'node:crypto'
import * as pkijs from 'pkijs'

type EngineCrypto = ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto']

// pkijs reaches for a global engine; Node's WebCrypto is the one (no polyfill, the same OpenSSL as node:crypto).
pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as EngineCrypto }))

export { pkijs }
