/**
 * The bytes a COSE_Sign1 signature covers (RFC 9052 §4.4):
 * `["Signature1", body_protected, external_aad = h'', payload]`, built directly from the exact protected-header
 * and payload bytes carried in the message, so what is verified is byte for byte what was sent.
 */
export function sigStructure(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  const protectedHead = byteStringHead(protectedBytes.length)
  const payloadHead = byteStringHead(payload.length)
  const out = new Uint8Array(
    PREFIX.length + protectedHead.length + protectedBytes.length + 1 + payloadHead.length + payload.length,
  )
  let o = 0
  out.set(PREFIX, o)
  o += PREFIX.length
  out.set(protectedHead, o)
  o += protectedHead.length
  out.set(protectedBytes, o)
  o += protectedBytes.length
  out[o++] = 0x40 // external_aad: empty byte string
  out.set(payloadHead, o)
  o += payloadHead.length
  out.set(payload, o)
  return out
}

// 0x84: array of 4; 0x6a: text of 10 bytes, "Signature1".
const PREFIX = Uint8Array.of(0x84, 0x6a, ...new TextEncoder().encode('Signature1'))

function byteStringHead(length: number): Uint8Array {
  if (length < 24) return Uint8Array.of(0x40 | length)
  if (length < 0x100) return Uint8Array.of(0x58, length)
  if (length < 0x10000) return Uint8Array.of(0x59, length >> 8, length & 0xff)
  return Uint8Array.of(0x5a, length >>> 24, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff)
}
