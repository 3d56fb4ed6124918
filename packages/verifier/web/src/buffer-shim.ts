/**
 * The part of Node's `Buffer` that the shared `hcert` and `verifier` code uses, for the browser build (esbuild
 * injects it wherever that code names `Buffer`). Node keeps its own, faster one: the hot paths use Buffer's pooled
 * allocation and native latin1 slicing, which have no browser equivalent worth a dependency.
 */
type Encoding = 'base64' | 'latin1' | 'utf8' | 'utf-8'

/** Buffer instances: bytes with Node's few extra methods that the shared code calls. */
class BrowserBuffer extends Uint8Array<ArrayBuffer> {
  override toString(encoding: Encoding = 'utf8'): string {
    if (encoding === 'base64') return btoa(this.latin1Slice(0, this.length))
    if (encoding === 'latin1') return this.latin1Slice(0, this.length)
    return new TextDecoder().decode(this)
  }

  latin1Slice(start: number, end: number): string {
    let out = ''
    for (let i = start; i < end; i += 8192) {
      out += String.fromCharCode(...this.subarray(i, Math.min(end, i + 8192)))
    }
    return out
  }

  /** Reverses the byte order of each 32-bit word, in place. */
  swap32(): this {
    for (let i = 0; i + 3 < this.length; i += 4) {
      const [a, b, c, d] = [this[i], this[i + 1], this[i + 2], this[i + 3]] as [number, number, number, number]
      this[i] = d
      this[i + 1] = c
      this[i + 2] = b
      this[i + 3] = a
    }
    return this
  }

  writeUInt16BE(value: number, offset: number): number {
    new DataView(this.buffer, this.byteOffset).setUint16(offset, value)
    return offset + 2
  }

  writeUInt32BE(value: number, offset: number): number {
    new DataView(this.buffer, this.byteOffset).setUint32(offset, value)
    return offset + 4
  }
}

function view(bytes: Uint8Array<ArrayBuffer>): BrowserBuffer {
  return new BrowserBuffer(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

const code = (character: string) => character.charCodeAt(0)

export const Buffer = {
  allocUnsafe: (size: number) => new BrowserBuffer(new ArrayBuffer(size)),
  alloc: (size: number) => new BrowserBuffer(new ArrayBuffer(size)),
  from(value: ArrayBuffer | Uint8Array | string, offsetOrEncoding?: number | Encoding, length?: number): BrowserBuffer {
    if (typeof value === 'string') {
      if (offsetOrEncoding === 'base64') return view(Uint8Array.from(atob(value.replace(/[^A-Za-z0-9+/]/g, '')), code))
      if (offsetOrEncoding === 'latin1') return view(Uint8Array.from(value, code))
      return view(new TextEncoder().encode(value))
    }
    if (value instanceof ArrayBuffer) return new BrowserBuffer(value, offsetOrEncoding as number | undefined, length)
    return view(Uint8Array.from(value))
  },
  concat(list: readonly Uint8Array[]): BrowserBuffer {
    const out = new BrowserBuffer(new ArrayBuffer(list.reduce((sum, item) => sum + item.length, 0)))
    let offset = 0
    for (const item of list) {
      out.set(item, offset)
      offset += item.length
    }
    return out
  },
}
