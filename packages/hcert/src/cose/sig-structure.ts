/**
 * The bytes a COSE_Sign1 signature covers (RFC 9052 §4.4):
 * `["Signature1", body_protected, external_aad = h'', payload]`, built directly from the exact protected-header
 * and payload bytes carried in the message, so what is verified is byte for byte what was sent.
 */
export function sigStructure(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  const length =
    PREFIX.length +
    headLength(protectedBytes.length) +
    protectedBytes.length +
    1 +
    headLength(payload.length) +
    payload.length
  // From Buffer's pool: allocating a fresh ArrayBuffer per verification costs more than building the bytes.
  const out = Buffer.allocUnsafe(length)
  out.set(PREFIX, 0)
  let o = writeByteString(out, PREFIX.length, protectedBytes)
  out[o++] = 0x40 // external_aad: empty byte string
  writeByteString(out, o, payload)
  return new Uint8Array(out.buffer, out.byteOffset, length)
}

// 0x84: array of 4; 0x6a: text of 10 bytes, "Signature1".
const PREFIX = Uint8Array.of(0x84, 0x6a, ...new TextEncoder().encode('Signature1'))

function headLength(length: number): number {
  return length < 24 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : 5
}

/** Writes a CBOR byte string (head + bytes) at `offset`; returns the offset after it. */
function writeByteString(out: Buffer, offset: number, bytes: Uint8Array): number {
  let o = offset
  const n = bytes.length
  if (n < 24) out[o++] = 0x40 | n
  else if (n < 0x100) {
    out[o++] = 0x58
    out[o++] = n
  } else if (n < 0x10000) {
    out[o++] = 0x59
    o = out.writeUInt16BE(n, o)
  } else {
    out[o++] = 0x5a
    o = out.writeUInt32BE(n, o)
  }
  out.set(bytes, o)
  return o + n
}
