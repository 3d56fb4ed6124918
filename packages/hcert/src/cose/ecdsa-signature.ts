/**
 * COSE carries ECDSA signatures as raw `r‖s` (IEEE P1363, RFC 9053 §2.1), while OpenSSL speaks DER. node:crypto can
 * convert for us (`dsaEncoding: 'ieee-p1363'`), but passing a key with options costs about 25 µs a call — as much as
 * the P-256 signature itself — so the hot paths hand node:crypto a bare KeyObject and convert here in well under a
 * microsecond.
 */

/**
 * DER `SEQUENCE { INTEGER r, INTEGER s }` → raw `r‖s` of `size` bytes each, or undefined when the DER is not that
 * shape or an integer does not fit.
 */
export function derToRawSignature(der: Uint8Array, size: number): Uint8Array | undefined {
  if (der[0] !== 0x30) return undefined
  let at = der[1] === 0x81 ? 3 : 2
  const raw = new Uint8Array(2 * size)
  for (const offset of [0, size]) {
    if (der[at] !== 0x02 || at + 1 >= der.length) return undefined
    let length = der[at + 1] as number
    let start = at + 2
    at = start + length
    if (at > der.length) return undefined
    while (length > size && der[start] === 0) {
      start++
      length--
    }
    if (length > size) return undefined
    raw.set(der.subarray(start, start + length), offset + size - length)
  }
  return at === der.length ? raw : undefined
}

/** Raw `r‖s` (each half the signature's length) → DER `SEQUENCE { INTEGER r, INTEGER s }`. */
export function rawToDerSignature(raw: Uint8Array): Uint8Array {
  const half = raw.length >> 1
  const r = derInteger(raw.subarray(0, half))
  const s = derInteger(raw.subarray(half))
  const body = r.length + s.length
  const header = body < 0x80 ? [0x30, body] : [0x30, 0x81, body]
  const der = new Uint8Array(header.length + body)
  der.set(header)
  der.set(r, header.length)
  der.set(s, header.length + r.length)
  return der
}

/** An unsigned big-endian integer as DER: leading zeros dropped, one 0x00 added when the high bit is set. */
function derInteger(bytes: Uint8Array): Uint8Array {
  let start = 0
  while (start < bytes.length - 1 && bytes[start] === 0) start++
  const pad = (bytes[start] as number) & 0x80 ? 1 : 0
  const length = bytes.length - start + pad
  const out = new Uint8Array(2 + length)
  out[0] = 0x02
  out[1] = length
  out.set(bytes.subarray(start), 2 + pad)
  return out
}
