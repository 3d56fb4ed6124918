/** One DSC as the verifier API serves it: the kid as listed and the certificate as base64 DER. */
export interface ServedSigner {
  /** Resume token: the position in the update order (the next call sends it back). */
  readonly token: number
  readonly kid: string
  readonly der: string
}

/** A DRL answer (italian-verification-rules.md §9.3–9.5): the HTTP status and the JSON body. */
export interface DrlAnswer {
  readonly status: number
  readonly body: unknown
}

/** Where the verifier-facing API reads from: the platform's database in production, anything in tests. */
export interface VerifierApiSource {
  /** Base64 kids of every valid, non-revoked DSC. */
  signerKids(): Promise<readonly string[]>
  /** The first DSC after the resume token (or the first of all); undefined when there are no more. */
  signerAfter(resumeToken: number | undefined): Promise<ServedSigner | undefined>
  /** The complete settings table. */
  settings(): Promise<readonly { name: string; type: string; value: string }[]>
  drlCheck(version: number, chunk: number): Promise<DrlAnswer>
  drlChunk(version: number, chunk: number): Promise<DrlAnswer>
}
