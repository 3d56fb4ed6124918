// For type-checking the app against the DOM's types only (tsconfig.json maps `@greenpass/hcert` here): hcert's
// public surface without `dsc/create.ts`, whose @peculiar/x509 calls mix Node's and the DOM's `CryptoKey` types.
// Certificate creation is for issuers and tests; the app never uses it. esbuild applies the mapping to the app's own
// files too, harmlessly (the same modules). Kept in step with hcert/src/index.ts.
export { decodeBase45, encodeBase45 } from '../../hcert/src/base45.ts'
export { CborTag, type CborValue, decodeCbor, encodeCbor } from '../../hcert/src/cbor.ts'
export { type CoseAlgorithm, ES256, PS256 } from '../../hcert/src/cose/algorithms.ts'
export { type CoseSign1, parseCoseSign1 } from '../../hcert/src/cose/parse.ts'
export { sigStructure } from '../../hcert/src/cose/sig-structure.ts'
export { type CoseSigner, signCoseSign1 } from '../../hcert/src/cose/sign.ts'
export { verifyCoseSignature } from '../../hcert/src/cose/verify.ts'
export { verifyCoseSignatureWeb } from '../../hcert/src/cose/verify-web.ts'
export { type Cwt, type CwtClaims, cborToJson, encodeCwt, type Json, parseCwt } from '../../hcert/src/cwt.ts'
export { checkCwtValidity } from '../../hcert/src/cwt-validity.ts'
export {
  type Dcc,
  type DccType,
  dccTypeOf,
  type PersonName,
  type Recovery,
  type Test,
  type Vaccination,
} from '../../hcert/src/dcc.ts'
export { type DecodedHc1, type DecodeOptions, decodeHc1, decodeHc1ToCose } from '../../hcert/src/decode.ts'
export { type Dsc, importDsc } from '../../hcert/src/dsc/import.ts'
export { importWebDsc } from '../../hcert/src/dsc/import-web.ts'
export { readX509Fields, type X509Fields } from '../../hcert/src/dsc/x509-der.ts'
export { type EncodeOptions, encodeHc1, signDcc } from '../../hcert/src/encode.ts'
export { HcertError, type HcertErrorCode, isHcertError, type SchemaViolation } from '../../hcert/src/errors.ts'
export { dccKeyUsage, KEY_USAGE_OID, keyUsageAllows } from '../../hcert/src/key-usage.ts'
export { KID_LENGTH, kidOf, kidToBase64 } from '../../hcert/src/kid.ts'
export { HC1_PREFIX, stripHc1Prefix } from '../../hcert/src/prefix.ts'
export { readQr } from '../../hcert/src/qr/read.ts'
export {
  type QrEcc,
  type QrMatrix,
  type QrRenderOptions,
  qrMatrix,
  renderQrPng,
  renderQrSvg,
} from '../../hcert/src/qr/render.ts'
export * from '../../hcert/src/schema/index.ts'
export { createTrustStore, type TrustStore } from '../../hcert/src/trust-store.ts'
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
} from '../../hcert/src/uvci.ts'
export * from '../../hcert/src/valuesets/index.ts'
export {
  findSigner,
  signerCandidates,
  type VerifiedHc1,
  type VerifyOptions,
  verifyCoseSign1,
  verifyHc1,
} from '../../hcert/src/verify.ts'
export { findSignerWeb } from '../../hcert/src/verify-web.ts'
export type { WebKey } from '../../hcert/src/web-key.ts'
export { deflate, inflate, MAX_INFLATED_BYTES } from '../../hcert/src/zlib.ts'
export { exampleVaccinationDcc } from '../../hcert/src/example.ts'
