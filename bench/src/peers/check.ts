// Sanity check of the peer verifiers (not a test: peers must never be loaded by the test suite).
//
//   node bench/src/peers/check.ts            each peer path on the genuine fixture (expect true) and on tampered
//                                            copies (expect false); exits 1 on any unexpected result
//   node bench/src/peers/check.ts --bench    then ops/s of each path, and of the raw ES256 verify floor, ~2 s each

import { verify, X509Certificate } from 'node:crypto'
import { deflateSync, inflateSync } from 'node:zlib'
import { Encoder, Tag } from 'cbor-x'
import { Bench } from 'tinybench'
import { type DccFixture, loadFixture } from '../fixture.ts'
import { prepareDccUtilsCertificate, prepareDccUtilsKeysList, prepareDccUtilsRawKey } from './dcc-utils.ts'
import { preparePathcheckDccSdk } from './pathcheck-dcc-sdk.ts'
import type { PeerVerifier } from './types.ts'

type Preparer = (fixture: DccFixture) => Promise<PeerVerifier>

const PEERS: readonly Preparer[] = [
  prepareDccUtilsKeysList,
  prepareDccUtilsCertificate,
  prepareDccUtilsRawKey,
  preparePathcheckDccSdk,
]

// --- a throwaway COSE toolkit, only to forge tampered copies and the Sig_structure of the floor ---

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'
const cbor = new Encoder({ useRecords: false, mapsAsObjects: false, tagUint8Array: false })

function base45Decode(text: string): Uint8Array {
  const out: number[] = []
  for (let i = 0; i < text.length; i += 3) {
    const digits = [...text.slice(i, i + 3)].map((c) => ALPHABET.indexOf(c))
    if (digits.includes(-1)) throw new Error('not Base45')
    const value = digits.reduceRight((acc, d) => acc * 45 + d, 0)
    if (digits.length === 3) out.push(value >> 8, value & 0xff)
    else out.push(value)
  }
  return Uint8Array.from(out)
}

function base45Encode(bytes: Uint8Array): string {
  let text = ''
  for (let i = 0; i < bytes.length; i += 2) {
    let value = i + 1 < bytes.length ? (bytes[i] ?? 0) * 256 + (bytes[i + 1] ?? 0) : (bytes[i] ?? 0)
    const width = i + 1 < bytes.length ? 3 : 2
    for (let k = 0; k < width; k++) {
      text += ALPHABET[value % 45]
      value = Math.floor(value / 45)
    }
  }
  return text
}

interface Sign1 {
  readonly protectedBstr: Uint8Array
  readonly unprotected: unknown
  readonly payload: Uint8Array
  readonly signature: Uint8Array
}

function openHc1(hc1: string): Sign1 {
  const decoded: unknown = cbor.decode(inflateSync(base45Decode(hc1.slice(4))))
  const array = decoded instanceof Tag && decoded.tag === 18 ? decoded.value : decoded
  if (!Array.isArray(array) || array.length !== 4) throw new Error('not a COSE_Sign1')
  const [protectedBstr, unprotected, payload, signature]: unknown[] = array
  if (!(protectedBstr instanceof Uint8Array && payload instanceof Uint8Array && signature instanceof Uint8Array)) {
    throw new Error('not a COSE_Sign1')
  }
  return { protectedBstr, unprotected, payload, signature }
}

function sealHc1(cose: Sign1): string {
  const array = [cose.protectedBstr, cose.unprotected, cose.payload, cose.signature]
  return `HC1:${base45Encode(deflateSync(cbor.encode(new Tag(array, 18)), { level: 9 }))}`
}

function sigStructure(cose: Sign1): Uint8Array {
  return cbor.encode(['Signature1', cose.protectedBstr, new Uint8Array(0), cose.payload])
}

// --- the tampered copies ---

/** The brief's tamper: one character in the middle of the Base45 text changed to another Base45 character. */
function flipBase45(hc1: string): string {
  const data = hc1.slice(4)
  // Change the least significant digit of the middle triplet by one: the triplet stays <= 65535.
  const at = Math.floor(data.length / 6) * 3
  const digit = ALPHABET.indexOf(data[at] ?? '')
  const replacement = ALPHABET[digit > 0 ? digit - 1 : digit + 1] ?? ''
  return `HC1:${data.slice(0, at)}${replacement}${data.slice(at + 1)}`
}

/** A well-formed certificate whose payload was edited (family name changed) after signing. */
function editPayload(hc1: string): string {
  const cose = openHc1(hc1)
  const cwt: unknown = cbor.decode(cose.payload)
  const hcert = cwt instanceof Map ? cwt.get(-260) : undefined
  const dcc: unknown = hcert instanceof Map ? hcert.get(1) : undefined
  const nam: unknown = dcc instanceof Map ? dcc.get('nam') : undefined
  if (!(cwt instanceof Map && nam instanceof Map)) throw new Error('unexpected CWT layout')
  nam.set('fn', `${String(nam.get('fn'))}x`)
  return sealHc1({ ...cose, payload: cbor.encode(cwt) })
}

/** A well-formed certificate with one bit of its signature flipped. */
function flipSignature(hc1: string): string {
  const cose = openHc1(hc1)
  const signature = Uint8Array.from(cose.signature)
  signature[signature.length - 1] = (signature[signature.length - 1] ?? 0) ^ 1
  return sealHc1({ ...cose, signature })
}

// --- run ---

const fixture = loadFixture()
const cases: readonly { readonly label: string; readonly fixture: DccFixture; readonly expected: boolean }[] = [
  { label: 'genuine', fixture, expected: true },
  { label: 're-encoded, unchanged', fixture: { ...fixture, hc1: sealHc1(openHc1(fixture.hc1)) }, expected: true },
  { label: 'Base45 char flipped', fixture: { ...fixture, hc1: flipBase45(fixture.hc1) }, expected: false },
  { label: 'payload edited', fixture: { ...fixture, hc1: editPayload(fixture.hc1) }, expected: false },
  { label: 'signature bit flipped', fixture: { ...fixture, hc1: flipSignature(fixture.hc1) }, expected: false },
]

let failures = 0
function report(name: string, label: string, verified: boolean, expected: boolean): void {
  if (verified !== expected) failures++
  console.log(`${verified === expected ? 'ok  ' : 'FAIL'} ${name.padEnd(42)} ${label.padEnd(24)} -> ${verified}`)
}

// First, while @pathcheck/dcc-sdk's module-global registry is still empty: a trust list without the certificate's
// kid. The key-list paths must say false; @pathcheck/dcc-sdk tries to fetch its registry and hits the stub (it logs
// the stub's error).
const unknownKid = { ...fixture, kid: new Uint8Array(8) }
for (const prepare of [prepareDccUtilsKeysList, preparePathcheckDccSdk]) {
  const peer = await prepare(unknownKid)
  report(peer.name, 'kid not in trust list', await peer.verifyOnce(), false)
}

for (const prepare of PEERS) {
  for (const c of cases) {
    const peer = await prepare(c.fixture)
    report(peer.name, c.label, await peer.verifyOnce(), c.expected)
  }
}

// The floor: node:crypto alone on the genuine certificate's Sig_structure.
const cose = openHc1(fixture.hc1)
const toBeSigned = sigStructure(cose)
const publicKey = new X509Certificate(fixture.dscDer).publicKey
const floor = () => verify('sha256', toBeSigned, { key: publicKey, dsaEncoding: 'ieee-p1363' }, cose.signature)
report('floor: crypto.verify on Sig_structure', 'genuine', floor(), true)

if (process.argv.includes('--bench')) {
  const bench = new Bench({ time: 2000 })
  for (const prepare of PEERS) {
    const peer = await prepare(fixture)
    bench.add(peer.name, peer.verifyOnce)
  }
  bench.add('floor: crypto.verify on Sig_structure', floor)
  await bench.run()
  for (const task of bench.tasks) {
    const r = task.result
    if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}`)
    // runs / total time, not tinybench's mean of per-sample throughputs (which fast outliers inflate)
    const opsPerSecond = Math.round(1000 / r.period).toString()
    const p50 = r.latency.p50.toFixed(3)
    console.log(
      `${task.name.padEnd(42)} ${opsPerSecond.padStart(6)} ops/s  (mean ${r.period.toFixed(3)} ms, p50 ${p50} ms)`,
    )
  }
}

if (failures > 0) {
  console.error(`${failures} unexpected result(s)`)
  process.exitCode = 1
}
