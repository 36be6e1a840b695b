import { execa } from 'execa'

export interface PackerResult {
  exitCode: number
  stdout: string
  stderr: string
}

/**
 * Runs `packer validate -var k=v ... TEMPLATE` with argv built the way Rosco builds it for
 * `packer build`: `-var` then `k=v` as its own argv token (no shell, so values are never split or
 * expanded), values trimmed, empty values dropped.
 */
export async function packerValidate(template: string, vars: Record<string, string>, cwd?: string): Promise<PackerResult> {
  const varArgs = Object.entries(vars)
    .map(([key, value]) => [key, value.trim()] as const)
    .filter(([, value]) => value !== '')
    .flatMap(([key, value]) => ['-var', `${key}=${value}`])
  const result = await execa('packer', ['validate', ...varArgs, template], {
    cwd,
    reject: false,
    // No version check against checkpoint.hashicorp.com: tests stay offline and fast.
    env: { CHECKPOINT_DISABLE: '1' },
    timeout: 60_000,
  })
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) }
}
