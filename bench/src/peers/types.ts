// What every peer preparer returns. Peers are third-party DCC verifiers that the benchmark times next to our own
// implementation; they are only ever loaded by the benchmark (never by tests, never copied into the repository).

export interface PeerVerifier {
  /** Library and API path, for tables. */
  readonly name: string
  /**
   * One full decode + verify of `fixture.hc1` (prefix strip, Base45, inflate, CBOR/COSE parse, signature check), done
   * the way a user of the library would do it. Resolves to true iff the library reports a valid signature; any
   * rejection by the library (undecodable input, signature mismatch, unknown key) resolves to false.
   */
  readonly verifyOnce: () => Promise<boolean>
}
