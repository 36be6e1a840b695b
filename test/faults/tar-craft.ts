import { gzipSync } from 'node:zlib'

/** One entry of a hand-made tar archive: what a hostile archive can hold, byte for byte. */
export interface CraftedEntry {
  name: string
  /** ustar type flag: '0' file, '1' hard link, '2' symbolic link, '3' character device, '5' directory, '6' FIFO. */
  type: '0' | '1' | '2' | '3' | '5' | '6'
  content?: string
  linkname?: string
}

function header(entry: CraftedEntry, size: number): Buffer {
  const h = Buffer.alloc(512, 0)
  const put = (text: string, offset: number, length: number) => h.write(text.slice(0, length), offset, 'latin1')
  const octal = (n: number, length: number) => n.toString(8).padStart(length - 1, '0')
  put(entry.name, 0, 100)
  put(`${octal(entry.type === '5' ? 0o755 : 0o644, 8)}\0`, 100, 8)
  put(`${octal(0, 8)}\0`, 108, 8)
  put(`${octal(0, 8)}\0`, 116, 8)
  put(`${octal(size, 12)}\0`, 124, 12)
  put(`${octal(Math.floor(Date.now() / 1000), 12)}\0`, 136, 12)
  put('        ', 148, 8)
  put(entry.type, 156, 1)
  put(entry.linkname ?? '', 157, 100)
  put('ustar\0', 257, 6)
  put('00', 263, 2)
  let sum = 0
  for (const byte of h) sum += byte
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8)
  return h
}

/** A .tar.gz holding exactly these entries, with no library's safety checks in the way. */
export function craftTarGz(entries: CraftedEntry[]): Buffer {
  const blocks: Buffer[] = []
  for (const entry of entries) {
    const body = Buffer.from(entry.type === '0' ? entry.content ?? '' : '', 'utf8')
    blocks.push(header(entry, body.length), body, Buffer.alloc((512 - (body.length % 512)) % 512, 0))
  }
  blocks.push(Buffer.alloc(1024, 0))
  return gzipSync(Buffer.concat(blocks))
}
