import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { JavaHashMap, groovyIsInteger, javaSplit, javaStringHash, javaTrim } from '../../src/model/java.js'
import { friggaAccepts } from '../../src/model/package-names.js'
import { tempDir, writeFile } from '../helpers/hal.js'
import { needsProgram } from '../helpers/tools.js'

// Rosco runs on the JVM: its -var order for Oracle (and for copy_to/share_with) is a
// java.util.HashMap's, its package names are cut with String.split, its values trimmed with
// String.trim, and frigga's AppVersion is a java.util.regex pattern. galley models these in
// src/model/java.ts; this suite runs the same inputs through a real JVM and compares.
//   HashMap:  spinnaker/rosco@030f7b6c rosco-core/.../providers/oracle/OCIBakeHandler.java:105-122,
//             CloudProviderBakeHandler.groovy:267-276 (unrollParameters)
//   split:    util/packagespecific/DebPackageUtil.java:65-68, RpmPackageUtil.java:63-71
//   frigga:   Netflix/frigga@v0.24.0 (d24ab6f9, pinned by kork 7.254.0) src/main/java/com/netflix/frigga/ami/AppVersion.java:34-36

/** Oracle's parameter map as OCIBakeHandler fills it, then produceBakeRecipe. */
const ORACLE_BASE = ['oracle_compartment_id', 'oracle_tenancy_id', 'oracle_user_id', 'oracle_fingerprint', 'oracle_ssh_private_key_file_path', 'oracle_pass_phrase', 'oracle_region',
  'oracle_availability_domain', 'oracle_instance_shape', 'oracle_subnet_id', 'oracle_base_image_id', 'oracle_ssh_user_name', 'oracle_image_name']

export const HASHMAP_CASES: string[][] = [
  [...ORACLE_BASE, 'package_type', 'packages', 'configDir'],
  [...ORACLE_BASE, 'build_info_url', 'appversion', 'repository', 'package_type', 'packages', 'build_host', 'upgrade', 'configDir'],
  [...ORACLE_BASE, 'package_type', 'packages', 'configDir', 'copy_to_1', 'copy_to_2', 'copy_to_3', 'custom_var', 'oracle_instance_shape'],
  [...ORACLE_BASE, 'repository', 'package_type', 'packages', 'configDir', ...Array.from({ length: 14 }, (_, i) => `share_with_${i + 1}`)],
  Array.from({ length: 12 }, (_, i) => `copy_to_${i + 1}`),
  Array.from({ length: 12 }, (_, i) => `share_with_${i + 1}`),
  Array.from({ length: 30 }, (_, i) => `share_with_${i + 1}`),
]

const SPLIT_CASES: Array<[string, string, number]> = [
  ['foo_1.0-beta-2_amd64', '_', 0], ['foo_', '_', 0], ['_', '_', 0], ['__a__', '_', 0], ['', '_', 0], ['foo__amd64', '_', 0],
  ['1.0-', '-', 0], ['-1', '-', 0], ['a.b.', '.', 0], ['.', '.', 0], ['6-', '-', 2], ['rc1-final-x', '-', 2], ['a+b+c', '+', 2], ['abc', '-', 2],
]

const TRIM_CASES = ['  a  ', '\t\nx\u000b', '\u00a0y\u00a0', '\u2003z', '\u0000w\u001f', '', '   ']

const INTEGER_CASES = ['7', '+7', '-7', ' 7 ', '07', '2147483647', '2147483648', '-2147483648', '-2147483649', '1.0', '', '+', '\u0663', '1e3', '0x1', '0000000000001']

export const APPVERSION_CASES = [
  'nflx-djangobase-enhanced-0.1-h12.170cdbd', 'nflx-djangobase-enhanced-0.1', 'reno-server', 'kato', 'nginx-1.20.1-h5.abc/folder-job/5', 'myapp-1.0-h7/my job/7',
  'microsoft-aspnet-mvc.6.0.0', 'microsoft-aspnet-mvc.6.0.0-7', 'a-1-h1.b-c', 'x-1.0~rc1-h3', 'app-1.0-h3.abc.def', 'app-1.0-h3/job/x', 'app--1', 'myapp-1.2.3-h42.abc1234/folder-myapp/42',
  'null-1.0', 'app-1.0-\u00e9', 'app^x-1-2', 'myapp-1.2.3', 'nginx-1.20.1-1', 'microsoft-aspnet-mvc.6.0.0-9', 'microsoft-aspnet-mvc.6.0.0-9+abc', 'notepadplusplus.7.3-9',
]

/** A Java expression for the string, from its UTF-16 units (Java reads \\u escapes before it lexes, so none are used). */
const javaString = (s: string) => `s(new int[]{${[...Array(s.length).keys()].map((i) => s.charCodeAt(i)).join(',')}})`

/** One Java program printing, line by line, what the JVM says for every case. */
function javaProgram(): string {
  const lines: string[] = []
  for (const keys of HASHMAP_CASES) lines.push(`{ java.util.Map<String,String> m = new java.util.HashMap<>(); for (String k : new String[]{${keys.map(javaString).join(',')}}) m.put(k, "v"); out.println("map " + String.join(" ", m.keySet())); }`)
  for (const [s, sep, limit] of SPLIT_CASES) lines.push(`out.println("split " + enc(${javaString(s)}.split(java.util.regex.Pattern.quote(${javaString(sep)}), ${limit})));`)
  for (const s of TRIM_CASES) lines.push(`out.println("trim " + enc(new String[]{${javaString(s)}.trim()}));`)
  for (const s of INTEGER_CASES) lines.push(`out.println("int " + isInteger(${javaString(s)}));`)
  for (const s of APPVERSION_CASES) lines.push(`out.println("frigga " + FRIGGA.matcher(${javaString(s)}).matches());`)
  return `public class RoscoJvm {
  static final String NAME_HYPHEN_CHARS = "-" + "a-zA-Z0-9._" + "~\\\\^";
  static final java.util.regex.Pattern FRIGGA = java.util.regex.Pattern.compile("([" + NAME_HYPHEN_CHARS + "]+)-([0-9.a-zA-Z~]+)-(\\\\w+)(?:[.](\\\\w+))?(?:\\\\/([" + NAME_HYPHEN_CHARS + "]+)\\\\/([0-9]+))?");
  static String enc(String[] parts) { StringBuilder b = new StringBuilder("["); for (int i = 0; i < parts.length; i++) { if (i > 0) b.append(","); b.append('"'); for (char c : parts[i].toCharArray()) b.append(String.format("\\\\u%04x", (int) c)); b.append('"'); } return b.append("]").toString(); }
  static String s(int[] units) { StringBuilder b = new StringBuilder(); for (int u : units) b.append((char) u); return b.toString(); }
  static boolean isInteger(String s) { try { Integer.valueOf(s.trim()); return true; } catch (NumberFormatException e) { return false; } }
  public static void main(String[] args) {
    java.io.PrintStream out = System.out;
    ${lines.join('\n    ')}
  }
}
`
}

const enc = (parts: string[]) => `[${parts.map((p) => `"${[...p].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`).join(',')}]`

describe('galley\'s model of the JVM agrees with a real JVM', () => {
  it.runIf(needsProgram('java'))('HashMap order, String.split, String.trim, Integer.valueOf and frigga\'s pattern give what Java gives', () => {
    const dir = tempDir()
    const source = join(dir, 'RoscoJvm.java')
    writeFile(source, javaProgram())
    const output = execFileSync('java', [source], { encoding: 'utf8', timeout: 120_000 }).trim().split('\n')
    const expected = [
      ...HASHMAP_CASES.map((keys) => `map ${new JavaHashMap(keys.map((k) => [k, 'v'])).keys().join(' ')}`),
      ...SPLIT_CASES.map(([s, sep, limit]) => `split ${enc(javaSplit(s, sep, limit))}`),
      ...TRIM_CASES.map((s) => `trim ${enc([javaTrim(s)])}`),
      ...INTEGER_CASES.map((s) => `int ${groovyIsInteger(s)}`),
      ...APPVERSION_CASES.map((s) => `frigga ${friggaAccepts(s)}`),
    ]
    expect(output).toEqual(expected)
  }, 180_000)

  it('String.hashCode of known strings (the JDK documents "" as 0; these were printed by a JVM)', () => {
    expect(javaStringHash('')).toBe(0)
    expect(javaStringHash('a')).toBe(97)
    expect(javaStringHash('configDir')).toBe(-804476437)
    expect(javaStringHash('oracle_compartment_id')).toBe(-62847735)
  })
})
