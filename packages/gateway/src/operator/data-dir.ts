import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CmsSigner } from '../cms/sign.ts'
import { makeCertificate, makeTlsServerCertificate } from './certificates.ts'

/**
 * The gateway's data folder:
 * ```
 * gateway.sqlite                                  the database (unless a PostgreSQL URL is given)
 * trust-anchor.crt.pem   trust-anchor.key.pem     the test trust anchor (in production its key is offline)
 * tls-server.crt.pem     tls-server.key.pem       the listener's certificate (clients pin it)
 * ```
 */
export function gatewayFiles(dir: string) {
  return {
    database: join(dir, 'gateway.sqlite'),
    trustAnchorCertificate: join(dir, 'trust-anchor.crt.pem'),
    trustAnchorKey: join(dir, 'trust-anchor.key.pem'),
    tlsCertificate: join(dir, 'tls-server.crt.pem'),
    tlsKey: join(dir, 'tls-server.key.pem'),
  }
}

const DAY_MS = 86_400_000

/** The trust anchor and the TLS server certificate of a gateway data folder, made on first use. */
export interface GatewayCredentials {
  readonly trustAnchor: CmsSigner
  readonly trustAnchorPem: string
  readonly tls: { readonly cert: string; readonly key: string }
}

/**
 * Reads the gateway's credentials from its data folder, making a test trust anchor (4 years) and a TLS server
 * certificate for `localhost` / `127.0.0.1` (1 year) the first time. Private keys are written with mode 0600.
 */
export async function gatewayCredentials(dir: string, now: Date): Promise<GatewayCredentials> {
  const files = gatewayFiles(dir)
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000)
  if (!existsSync(files.trustAnchorCertificate)) {
    const anchor = await makeCertificate({
      subject: 'C=EU, O=greenpass, CN=greenpass DGCG TRUST ANCHOR TEST',
      notBefore,
      notAfter: new Date(notBefore.getTime() + 4 * 365 * DAY_MS),
      serialNumber: serial(),
      ca: true,
    })
    await writeFile(files.trustAnchorKey, anchor.privateKeyPem, { mode: 0o600 })
    await writeFile(files.trustAnchorCertificate, anchor.pem)
  }
  if (!existsSync(files.tlsCertificate)) {
    const tls = await makeTlsServerCertificate({
      subject: 'CN=localhost, O=greenpass DGCG',
      notBefore,
      notAfter: new Date(notBefore.getTime() + 365 * DAY_MS),
      serialNumber: serial(),
      dnsNames: ['localhost'],
      ips: ['127.0.0.1', '::1'],
    })
    await writeFile(files.tlsKey, tls.privateKeyPem, { mode: 0o600 })
    await writeFile(files.tlsCertificate, tls.pem)
  }
  const trustAnchorPem = await readFile(files.trustAnchorCertificate, 'utf8')
  return {
    trustAnchor: {
      certificate: new Uint8Array(new X509Certificate(trustAnchorPem).raw),
      privateKey: createPrivateKey(await readFile(files.trustAnchorKey, 'utf8')),
    },
    trustAnchorPem,
    tls: { cert: await readFile(files.tlsCertificate, 'utf8'), key: await readFile(files.tlsKey, 'utf8') },
  }
}

/** A positive 16-byte serial (RFC 5280 allows up to 20 octets). */
export function serial(): string {
  const bytes = randomBytes(16)
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01
  return bytes.toString('hex')
}
