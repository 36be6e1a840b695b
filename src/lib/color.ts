/**
 * Whether to colour text for a stream: never with NO_COLOR (set by --no-color, -c false and -q
 * too, see cli.ts), always with FORCE_COLOR (set by -c true), else on a terminal.
 */
export function colorWanted(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true
  return Boolean(stream.isTTY)
}

/** The colour asked for on the command line (Halyard's -c/--color true|false, --no-color, -q), before any parsing. */
export function colorFromArgv(argv: readonly string[]): boolean | undefined {
  const end = argv.indexOf('--')
  const args = end === -1 ? argv : argv.slice(0, end)
  let wanted: boolean | undefined
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (arg === '--no-color' || arg === '-q' || arg === '--quiet') wanted = false
    const value = arg === '-c' || arg === '--color' ? args[i + 1] : arg.startsWith('--color=') ? arg.slice(8) : /^-c=?(true|false)$/.test(arg) ? arg.replace(/^-c=?/, '') : undefined
    if (value === 'true') wanted = true
    if (value === 'false') wanted = false
  }
  return wanted
}
