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
import { prepareDccUtilsCertificate, prepareDccUtilsKeysList } from './peers/dcc-utils.ts'
import { preparePathcheckDccSdk } from './peers/pathcheck-dcc-sdk.ts'
import type { PeerVerifier } from './peers/types.ts'

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
  const ecdsa = { key: dsc.publicKey, dsaEncoding: 'ieee-p1363' as const }

  const contenders: { name: string; run: () => unknown; note?: string }[] = [
    {
      name: 'floor: node:crypto verify of the Sig_structure',
      run: () => verify('sha256', signed, ecdsa, cose.signature),
      note: `KeyObject built once; ${fixture.hc1.length}-character HC1`,
    },
    { name: 'greenpass verifyHc1', run: () => verifyHc1(fixture.hc1, options) },
  ]
  const forged = forgeSignature(fixture.hc1)
  for (const prepare of [prepareDccUtilsKeysList, prepareDccUtilsCertificate, preparePathcheckDccSdk]) {
    const peer: PeerVerifier = await prepare(fixture)
    const refuses = await (await prepare({ ...fixture, hc1: forged })).verifyOnce()
    if (!(await peer.verifyOnce()) || refuses) throw new Error(`${peer.name} does not verify the fixture correctly`)
    await prepare(fixture) // registries of some peers are global: put the genuine entry back
    contenders.push({ name: peer.name, run: peer.verifyOnce })
  }
  const figures = await compareOpsPerSecond(contenders.map((c) => c.run))
  const rows = contenders.map((c, i) => ({ group: GROUP, name: c.name, opsPerSec: figures[i] as number, note: c.note }))
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
