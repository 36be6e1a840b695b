import { execFileSync } from 'node:child_process'

/** Whether an external program is on PATH. */
export function hasProgram(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/**
 * Tests that need a real external program (Packer, sshd) run when it is installed. In CI
 * (CI=true) a missing program is a failure, never a silent skip: `.ci/run` installs them.
 */
export function needsProgram(name: string): boolean {
  const present = hasProgram(name)
  if (!present && process.env.CI) throw new Error(`${name} is required in CI but is not installed (.ci/run installs it)`)
  return present
}
