import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { euRevocationHashes } from '@greenpass/rules'
import {
  type ListToPublish,
  publishRevocationLists,
  type RevocationPublication,
  syncEuRevocation,
  syncHttp,
  UNKNOWN_KID,
  VerifierStore,
} from '../src/index.ts'
import { filesOf, withTempDir } from './support/helpers.ts'

const NOW = new Date('2026-12-01T10:00:00Z')
const LATER = new Date('2027-06-01T00:00:00Z')

/** The distribution API over loopback HTTP, answering from a publication, with a switch to corrupt slices. */
class DistributionServer {
  publication: RevocationPublication | undefined
  corruptSlices = false
  readonly log: string[] = []
  readonly #server: Server
  constructor() {
    this.#server = createServer((request, response) => {
      const path = decodeURI(new URL(request.url ?? '/', 'http://x').pathname)
      this.log.push(path)
      const publication = this.publication
      if (!publication) return void response.writeHead(404).end()
      const json = (value: unknown) =>
        response
          .writeHead(200, { 'content-type': 'application/json', etag: publication.etag })
          .end(JSON.stringify(value))
      if (path === '/revocation/lists') {
        if (request.headers['if-none-match'] === publication.etag) return void response.writeHead(304).end()
        return json(publication.overview)
      }
      if (request.headers['if-match'] !== publication.etag) return void response.writeHead(412).end()
      const partitions = /^\/revocation\/lists\/([^/]+)\/partitions$/.exec(path)
      if (partitions) return json(publication.partitions(decodeURIComponent(partitions[1] as string)) ?? [])
      const slice = /^\/revocation\/lists\/([^/]+)\/partitions\/([^/]+)\/chunks\/([^/]+)\/slices\/([^/]+)$/.exec(path)
      const body =
        slice &&
        publication.slice(
          decodeURIComponent(slice[1] as string),
          slice[2] as string,
          slice[3] as string,
          slice[4] as string,
        )
      if (!body) return void response.writeHead(404).end()
      const sent = this.corruptSlices ? Buffer.from(body).fill(0, 11, 27) : body
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(sent)
    })
  }
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve))
  }
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/`
  }
  stop(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()))
  }
}

const certificate = (n: number) =>
  euRevocationHashes({ uvci: `URN:UVCI:01:DE:${n}#X`, country: 'DE', signature: randomBytes(64), alg: -7 })
const records = (hashes: readonly Uint8Array[]) => new Uint8Array(Buffer.concat(hashes))
const list = (kid: string, hashes: Uint8Array, lastUpdated = NOW, expires = LATER): ListToPublish => ({
  kid,
  hashTypes: ['SIGNATURE', 'UCI', 'COUNTRYCODEUCI'],
  expires,
  lastUpdated,
  records: hashes,
})

describe('syncEuRevocation (the distribution API of §5.2, over loopback HTTP)', () => {
  const server = new DistributionServer()
  before(() => server.start())
  after(() => server.stop())
  const syncOnce = (store: VerifierStore, now = NOW) =>
    syncEuRevocation(store, syncHttp({ baseUrl: server.baseUrl }), now)

  test('downloads every list, answers REVOKED lookups by kid, keeps them across a reopen; 304 when unchanged', async () => {
    await withTempDir(async (dir) => {
      const revoked = certificate(1)
      const unknownKid = certificate(2)
      server.publication = publishRevocationLists([
        list('a2lkLWRlLTE=', records([revoked.UCI as Uint8Array, randomBytes(16)])),
        list(UNKNOWN_KID, records([unknownKid.SIGNATURE as Uint8Array])),
      ])
      const store = await VerifierStore.open(dir)
      const first = await syncOnce(store)
      assert.deepEqual({ ...first }, { offered: true, lists: 2, hashes: 3, slices: 2, unchanged: false })
      for (const candidate of [store, await VerifierStore.open(dir)]) {
        assert.equal(candidate.euRevocation.isRevoked('a2lkLWRlLTE=', revoked), true)
        assert.equal(candidate.euRevocation.isRevoked('b3RoZXIta2lk', revoked), false)
        assert.equal(candidate.euRevocation.isRevoked('b3RoZXIta2lk', unknownKid), true)
        assert.equal(candidate.euRevocation.isRevoked('a2lkLWRlLTE=', certificate(3)), false)
      }
      const second = await syncOnce(store)
      assert.deepEqual({ ...second }, { offered: true, lists: 2, hashes: 3, slices: 0, unchanged: true })
    })
  })

  test('a list in VECTOR mode: after one hash is added, only the chunk that holds it is downloaded again', async () => {
    await withTempDir(async (dir) => {
      const many = new Uint8Array(randomBytes(150_000 * 16))
      server.publication = publishRevocationLists([list('a2lkLWRlLTI=', many)])
      assert.equal(server.publication.overview[0]?.mode, 'VECTOR')
      const store = await VerifierStore.open(dir)
      const first = await syncOnce(store)
      assert.equal(first.slices, 256)
      const added = certificate(4)
      server.publication = publishRevocationLists([
        list('a2lkLWRlLTI=', records([many, added.UCI as Uint8Array]), new Date(NOW.getTime() + 60_000)),
      ])
      const second = await syncOnce(store)
      assert.deepEqual([second.slices, second.hashes], [1, 150_001])
      assert.equal(store.euRevocation.isRevoked('a2lkLWRlLTI=', added), true)
      assert.equal((await VerifierStore.open(dir)).euRevocation.size, 150_001)
    })
  })

  test('a slice that does not hash to what its partition announced fails the sync and changes nothing', async () => {
    await withTempDir(async (dir) => {
      const revoked = certificate(5)
      server.publication = publishRevocationLists([list('a2lkLWRlLTM=', records([revoked.UCI as Uint8Array]))])
      const store = await VerifierStore.open(dir)
      server.corruptSlices = true
      try {
        await assert.rejects(syncOnce(store), { code: 'SYNC_PROTOCOL' })
      } finally {
        server.corruptSlices = false
      }
      assert.equal(store.euRevocation.isRevoked('a2lkLWRlLTM=', revoked), false)
      assert.deepEqual(await filesOf(dir), [])
    })
  })

  test('lists past their expiry are dropped; emptied lists leave no file behind', async () => {
    await withTempDir(async (dir) => {
      const revoked = certificate(6)
      server.publication = publishRevocationLists([list('a2lkLWRlLTQ=', records([revoked.UCI as Uint8Array]))])
      const store = await VerifierStore.open(dir)
      await syncOnce(store)
      assert.deepEqual(await filesOf(dir), ['eu-revocation-1.bin', 'eu-revocation.json'])
      const expired = await syncEuRevocation(
        store,
        syncHttp({ baseUrl: server.baseUrl }),
        new Date('2027-07-01T00:00:00Z'),
      )
      // The overview is unchanged (304): the state is only re-stamped; a changed overview drops the expired list.
      assert.equal(expired.unchanged, true)
      server.publication = publishRevocationLists([
        list('a2lkLWRlLTQ=', records([revoked.UCI as Uint8Array]), new Date(NOW.getTime() + 1000)),
      ])
      const after = await syncEuRevocation(
        store,
        syncHttp({ baseUrl: server.baseUrl }),
        new Date('2027-07-01T00:00:00Z'),
      )
      assert.deepEqual([after.lists, after.hashes], [0, 0])
      assert.deepEqual(await filesOf(dir), ['eu-revocation.json'])
    })
  })

  test('a server without EU revocation lists (404) is not an error', async () => {
    await withTempDir(async (dir) => {
      server.publication = undefined
      const result = await syncOnce(await VerifierStore.open(dir))
      assert.equal(result.offered, false)
    })
  })
})
