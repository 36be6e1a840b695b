/**
 * Quoting of user-given words in what galley prints: command lines to paste into a POSIX shell,
 * and names in messages, where an empty or blank name must not vanish from the sentence.
 */

const SHELL_SAFE = /^[A-Za-z0-9_\-+=.,/:@%]+$/

/**
 * A word as a POSIX shell needs it written to arrive as given: unchanged when no character in it
 * is special to the shell, else in single quotes (a quote inside written '\''). The empty word is ''.
 */
export function shellWord(word: string): string {
  return SHELL_SAFE.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}

/** A command line of words, each quoted as the shell needs it. */
export const shellLine = (words: readonly string[]): string => words.map(shellWord).join(' ')

/** Plain names read as they are; anything that would be invisible or ambiguous in a sentence is quoted. */
const PLAIN_NAME = /^[^\s"'\\\p{C}]+$/u

/**
 * A user-given name (an id, an account, a deployment, a template) as a message shows it: as is
 * when it is plain, else in double quotes with JSON's escapes, so `""`, `" "` and `"a\tb"` show.
 */
export function shownName(name: string): string {
  return PLAIN_NAME.test(name) ? name : JSON.stringify(name)
}
