export { decodeBase45, encodeBase45 } from './base45.ts'
export { CborTag, type CborValue, decodeCbor, encodeCbor } from './cbor.ts'
export { type CoseAlgorithm, ES256, PS256 } from './cose/algorithms.ts'
export { type CoseSign1, parseCoseSign1 } from './cose/parse.ts'
export { sigStructure } from './cose/sig-structure.ts'
export { type CoseSigner, signCoseSign1 } from './cose/sign.ts'
export { verifyCoseSignature } from './cose/verify.ts'
export { verifyCoseSignatureWeb } from './cose/verify-web.ts'
export { type Cwt, type CwtClaims, cborToJson, encodeCwt, type Json, parseCwt } from './cwt.ts'
export { checkCwtValidity } from './cwt-validity.ts'
export {
  type Dcc,
  type DccType,
  dccTypeOf,
  type PersonName,
  type Recovery,
  type Test,
  type Vaccination,
} from './dcc.ts'
export { type DecodedHc1, type DecodeOptions, decodeHc1, decodeHc1ToCose } from './decode.ts'
export { type CertificateRequest, createCertificate } from './dsc/create.ts'
export { type Dsc, importDsc } from './dsc/import.ts'
export { importWebDsc } from './dsc/import-web.ts'
export { readX509Fields, type X509Fields } from './dsc/x509-der.ts'
export { type EncodeOptions, encodeHc1, signDcc } from './encode.ts'
export { HcertError, type HcertErrorCode, isHcertError, type SchemaViolation } from './errors.ts'
export { dccKeyUsage, KEY_USAGE_OID, keyUsageAllows } from './key-usage.ts'
export { KID_LENGTH, kidOf, kidToBase64 } from './kid.ts'
export { HC1_PREFIX, stripHc1Prefix } from './prefix.ts'
export { readQr } from './qr/read.ts'
export { type QrEcc, type QrMatrix, type QrRenderOptions, qrMatrix, renderQrPng, renderQrSvg } from './qr/render.ts'
export * from './schema/index.ts'
export { createTrustStore, type TrustStore } from './trust-store.ts'
export {
  checkUvciShape,
  describeUvci,
  type EuUvci,
  hasValidLuhnModN,
  type ItalianUvci,
  italianUvciCheckDigit,
  luhnModNCheckCharacter,
  makeEuUvci,
  makeItalianUvci,
  type ParsedUvci,
  parseUvci,
  type UvciDescription,
} from './uvci.ts'
export * from './valuesets/index.ts'
export {
  findSigner,
  signerCandidates,
  type VerifiedHc1,
  type VerifyOptions,
  verifyCoseSign1,
  verifyHc1,
} from './verify.ts'
export { findSignerWeb } from './verify-web.ts'
export type { WebKey } from './web-key.ts'
export { deflate, inflate, MAX_INFLATED_BYTES } from './zlib.ts'
export { exampleVaccinationDcc } from './example.ts'
