/**
 * Certificates saved as images, in IndexedDB: they are what the citizen can show with no network (the service worker
 * serves the app itself offline).
 */
export interface SavedImage {
  /** The message the image came from: saving again replaces it. */
  id: string
  title: string
  savedAt: string
  png: Blob
}

const DB = 'io-wallet'
const STORE = 'saved-images'

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1)
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' })
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

export async function saveImage(image: SavedImage): Promise<void> {
  const db = await open()
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(STORE, 'readwrite')
    tx.objectStore(STORE).put(image)
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error)
  })
  db.close()
}

export async function savedImages(): Promise<SavedImage[]> {
  const db = await open()
  const all = await new Promise<SavedImage[]>((resolve, reject) => {
    const request = db.transaction(STORE).objectStore(STORE).getAll()
    request.onsuccess = () => resolve(request.result as SavedImage[])
    request.onerror = () => reject(request.error)
  })
  db.close()
  return all.sort((a, b) => b.savedAt.localeCompare(a.savedAt))
}
