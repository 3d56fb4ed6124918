import { verify } from 'node:crypto'
import {
  CborTag,
  createTrustStore,
  decodeHc1ToCose,
  deflate,
  encodeBase45,
  encodeCbor,
  importDsc,
  sigStructure,
  verifyHc1,
} from '@greenpass/hcert'
import { createFixture, type DccFixture } from './fixture.ts'
import { type BenchRow, compareOpsPerSecond } from './measure.ts'
import { loadPeers, type PeerVerifier } from './peers.ts'
import { rawToDerSignature } from '../../packages/hcert/src/cose/ecdsa-signature.ts'

const GROUP = 'decode+verify ES256 (1 core)'

/**
 * Decode + verify of one certificate: ours, the raw `node:crypto` ECDSA verify of the same Sig_structure (the floor
 * no implementation can beat on one core), and the peers. Each peer must accept the genuine certificate and refuse a
 * forged one before it is timed, so a misconfigured peer can never post a fast "false".
 */
export async function benchDecodeVerify(): Promise<{ rows: BenchRow[]; fixture: DccFixture }> {
  const fixture = await createFixture()
  const dsc = importDsc(fixture.dscDer)
  const options = { trustStore: createTrustStore([dsc]), at: fixture.at }
  const cose = decodeHc1ToCose(fixture.hc1)
  const signed = sigStructure(cose.protectedBytes, cose.payload)
  // The cheapest call node:crypto offers: a bare KeyObject and the signature already in DER (COSE's raw r‖s converted
  // once, outside the loop; the dsaEncoding option would cost ~25 µs a call).
  const derSignature = rawToDerSignature(cose.signature)

  const floor = () => verify('sha256', signed, dsc.publicKey, derSignature)
  const floorNote = `KeyObject built once; ${fixture.hc1.length}-character HC1`
  // Phase 1, ours against the floor, before any peer is loaded: the peers' garbage and megamorphic call sites
  // would slow down whatever runs after them in the same process.
  const [floor1, ours] = await compareOpsPerSecond([floor, () => verifyHc1(fixture.hc1, options)])
  const rows: BenchRow[] = [
    {
      group: GROUP,
      name: 'floor: node:crypto verify of the Sig_structure',
      opsPerSec: floor1 as number,
      note: floorNote,
    },
    { group: GROUP, name: 'greenpass verifyHc1', opsPerSec: ours as number },
  ]
  // Phase 2, the peers, interleaved with the floor again so that their figures can be read against it too.
  const installed = await loadPeers()
  if (!installed) return { rows, fixture }
  const forged = forgeSignature(fixture.hc1)
  const peers: PeerVerifier[] = []
  const { prepareDccUtilsKeysList, prepareDccUtilsCertificate, preparePathcheckDccSdk } = installed
  for (const prepare of [prepareDccUtilsKeysList, prepareDccUtilsCertificate, preparePathcheckDccSdk]) {
    const refuses = await (await prepare({ ...fixture, hc1: forged })).verifyOnce()
    const peer = await prepare(fixture) // some peers keep a global registry: the genuine entry goes in last
    if (!(await peer.verifyOnce()) || refuses) throw new Error(`${peer.name} does not verify the fixture correctly`)
    peers.push(peer)
  }
  const [floor2, ...peerFigures] = await compareOpsPerSecond([floor, ...peers.map((peer) => peer.verifyOnce)])
  const scale = (floor1 as number) / (floor2 as number)
  for (const [i, peer] of peers.entries()) {
    const measured = peerFigures[i] as number
    rows.push({
      group: GROUP,
      name: peer.name,
      opsPerSec: measured * scale,
      note: `${Math.round(measured)}/s measured beside a floor of ${Math.round(floor2 as number)}/s; scaled to phase 1`,
    })
  }
  return { rows, fixture }
}

/** The same certificate with one bit of its signature flipped: well-formed, but must not verify. */
function forgeSignature(hc1: string): string {
  const cose = decodeHc1ToCose(hc1)
  const signature = Uint8Array.from(cose.signature)
  signature[0] = (signature[0] as number) ^ 1
  const message = new CborTag(18, [cose.protectedBytes, cose.unprotectedHeader, cose.payload, signature])
  return `HC1:${encodeBase45(deflate(encodeCbor(message)))}`
}
