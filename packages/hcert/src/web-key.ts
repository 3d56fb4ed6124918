/**
 * A WebCrypto public key, the key of a browser `Dsc`. Named through the global `CryptoKey` so that the same code
 * type-checks against Node's types and against the DOM's (whose `CryptoKey` differ in detail).
 */
export type WebKey = (typeof CryptoKey)['prototype']
