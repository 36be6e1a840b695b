/**
 * `length` random hex digits, for names and tokens that must not collide or be guessed by what
 * a file written before this process started can hold (temp names, lock tokens, the output
 * guard's nonce); never for keys. Math.random is seeded per process from the system's entropy;
 * node:crypto would cost every write about 5 ms of a cold start to load (Node 20).
 */
export function randomHex(length: number): string {
  let hex = ''
  while (hex.length < length) hex += Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, '0')
  return hex.slice(0, length)
}
