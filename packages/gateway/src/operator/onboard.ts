import { randomUUID, X509Certificate } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { GatewayRole } from '../auth/authenticate.ts'
import { CmsError } from '../cms/errors.ts'
import { type CmsSigner, signCms } from '../cms/sign.ts'
import { verifyCms } from '../cms/verify.ts'
import type { GatewayDatabase, TrustedPartyType } from '../db/schema.ts'
import { subjectCountries } from '../trust/distinguished-name.ts'
import { thumbprintOf } from '../trust/fingerprint.ts'
import type { TrustAnchor } from '../trust/trust-anchor.ts'
import { type TrustedIssuerFields, trustedIssuerSignedText } from '../trust/trusted-issuers.ts'

export type OnboardingErrorCode =
  /** The certificate's subject has no single `C=`: it cannot be tied to a country. */
  | 'ONBOARD_COUNTRY'
  /** The signature is not a detached CMS by the trust anchor over this certificate. */
  | 'ONBOARD_SIGNATURE'
  /** The certificate is already onboarded, as another type or country. */
  | 'ONBOARD_CONFLICT'

export class OnboardingError extends Error {
  override name = 'OnboardingError'
  readonly code: OnboardingErrorCode
  constructor(code: OnboardingErrorCode, message: string) {
    super(message)
    this.code = code
  }
}

/**
 * What `dgc ta sign` does: the trust anchor's detached CMS over a certificate's DER, base64 — the `signature` of its
 * trusted_party row (§2.2). Done where the trust anchor's key is, which in production is offline.
 */
export async function signTrustedParty(certificate: string | Uint8Array, trustAnchor: CmsSigner): Promise<string> {
  const der = new Uint8Array(new X509Certificate(certificate).raw)
  return Buffer.from(await signCms(der, trustAnchor, { detached: true })).toString('base64')
}

export interface TrustedPartyLoad {
  /** The certificate (PEM or DER). */
  readonly certificate: string | Uint8Array
  readonly type: TrustedPartyType
  /** From {@link signTrustedParty}. */
  readonly signature: string
  readonly roles?: readonly GatewayRole[]
  readonly now: Date
}

/**
 * Loads a signed trusted party into the gateway — the step operators do by hand with INSERTs in the reference —
 * after checking the trust anchor's signature, so a wrong row is refused now rather than ignored at every read. The
 * country is the certificate's `C=`. Loading the same certificate again (same type and country) only adds roles.
 */
export async function loadTrustedParty(
  db: Kysely<GatewayDatabase>,
  anchor: TrustAnchor,
  load: TrustedPartyLoad,
): Promise<{ country: string; thumbprint: string }> {
  const certificate = new X509Certificate(load.certificate)
  const der = new Uint8Array(certificate.raw)
  const countries = subjectCountries(certificate)
  if (countries.length !== 1) {
    throw new OnboardingError('ONBOARD_COUNTRY', 'the certificate subject must have exactly one C=')
  }
  const country = countries[0] as string
  try {
    const { signerCertificate } = await verifyCms(Buffer.from(load.signature, 'base64'), { detachedContent: der })
    if (thumbprintOf(signerCertificate) !== anchor.thumbprint)
      throw new CmsError('CMS_SIGNATURE', 'not the trust anchor')
  } catch (error) {
    if (!(error instanceof CmsError)) throw error
    throw new OnboardingError('ONBOARD_SIGNATURE', `not signed by the trust anchor: ${error.message}`)
  }
  const thumbprint = thumbprintOf(der)
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('trusted_party')
      .select(['id', 'certificate_type', 'country'])
      .where('thumbprint', '=', thumbprint)
      .executeTakeFirst()
    if (existing && (existing.certificate_type !== load.type || existing.country !== country)) {
      throw new OnboardingError(
        'ONBOARD_CONFLICT',
        `already onboarded as ${existing.country} ${existing.certificate_type}`,
      )
    }
    const id =
      existing?.id ??
      (
        await trx
          .insertInto('trusted_party')
          .values({
            created_at: load.now.getTime(),
            country,
            thumbprint,
            raw_data: Buffer.from(der).toString('base64'),
            signature: load.signature,
            certificate_type: load.type,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
    for (const role of load.roles ?? []) {
      await trx
        .insertInto('trusted_party_role')
        .values({ trusted_party_id: Number(id), role })
        .onConflict((oc) => oc.columns(['trusted_party_id', 'role']).doNothing())
        .execute()
    }
    return { country, thumbprint }
  })
}

/** Signs and loads in one step, where the trust anchor's key is at hand (the embedded demo, tests). */
export async function onboardTrustedParty(
  db: Kysely<GatewayDatabase>,
  trustAnchor: CmsSigner,
  request: Omit<TrustedPartyLoad, 'signature'>,
): Promise<{ country: string; thumbprint: string }> {
  const der = new Uint8Array(new X509Certificate(request.certificate).raw)
  const signature = await signTrustedParty(der, trustAnchor)
  const anchor = { der: trustAnchor.certificate, thumbprint: thumbprintOf(trustAnchor.certificate) }
  return loadTrustedParty(db, anchor, { ...request, certificate: der, signature })
}

/**
 * Onboards an issuer trusted by URL or DID (`GET /trustList/issuers`): the trust anchor signs the issuer's fields
 * (detached CMS over `trustedIssuerSignedText`), and the row is stored with that signature. The uuid is made here.
 */
export async function onboardTrustedIssuer(
  db: Kysely<GatewayDatabase>,
  trustAnchor: CmsSigner,
  issuer: Omit<TrustedIssuerFields, 'uuid' | 'thumbprint' | 'sslPublicKey' | 'keyStorageType'> &
    Partial<Pick<TrustedIssuerFields, 'thumbprint' | 'sslPublicKey' | 'keyStorageType'>> & { readonly now: Date },
): Promise<TrustedIssuerFields> {
  const fields: TrustedIssuerFields = {
    uuid: randomUUID(),
    country: issuer.country,
    name: issuer.name,
    url: issuer.url,
    urlType: issuer.urlType,
    thumbprint: issuer.thumbprint ?? null,
    sslPublicKey: issuer.sslPublicKey ?? null,
    keyStorageType: issuer.keyStorageType ?? null,
    domain: issuer.domain,
  }
  const signature = Buffer.from(
    await signCms(trustedIssuerSignedText(fields), trustAnchor, { detached: true }),
  ).toString('base64')
  await db
    .insertInto('trusted_issuer')
    .values({
      created_at: issuer.now.getTime(),
      uuid: fields.uuid,
      country: fields.country,
      name: fields.name,
      url: fields.url,
      url_type: fields.urlType,
      thumbprint: fields.thumbprint,
      ssl_public_key: fields.sslPublicKey,
      key_storage_type: fields.keyStorageType,
      domain: fields.domain,
      signature,
    })
    .execute()
  return fields
}
