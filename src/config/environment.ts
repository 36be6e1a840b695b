import { usage } from '../lib/errors.js'
import { lockTimeoutMs } from './lock.js'

/**
 * The environment settings galley reads, checked before a command touches anything so that a
 * typo is an error (exit 2) naming the variable and the accepted form, never a silent default.
 * HAL_LOCK_TIMEOUT (seconds) is checked here; HAL_DIR and --hal-dir must be a usable path;
 * GALLEY_NOW_MS is checked where the clock is read; NO_COLOR and CI are on when set to anything.
 */
export function checkEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  lockTimeoutMs(env)
}

/** A directory given by a flag or a variable, refused when no file system call could use it. */
export function checkDirectorySetting(value: string, name: string): void {
  if (value.includes('\0')) {
    throw usage(`${name} holds a NUL character, which no path may hold`, {
      code: 'BAD_ENVIRONMENT',
      remediation: `Give ${name} a directory path, e.g. ${name === '--hal-dir' ? '--hal-dir ~/.hal' : 'HAL_DIR=~/.hal'}.`,
      data: { variable: name },
    })
  }
}
