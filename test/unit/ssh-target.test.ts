import { describe, expect, it } from 'vitest'
import { connectError, noAnswer } from '../../src/bake/ssh-target.js'

// Paths of the SSH reachability check that a test on this machine cannot produce reliably: no
// route, and a connection whose packets are dropped (making either needs firewall changes on a
// shared machine). The end-to-end tests in test/e2e/bake-test.test.ts cover refused, silent,
// not-SSH, closed and unresolvable targets with real sockets.

const target = { user: 'ubuntu', host: '10.0.0.5', port: 22 }
const errno = (code: string) => Object.assign(new Error(`connect ${code} 10.0.0.5:22`), { code })

describe('the SSH target check: what each connection failure says', () => {
  it.each(['EHOSTUNREACH', 'ENETUNREACH'])('%s: no route, exit 3, check the address and the network', (code) => {
    const error = connectError(target, '10.0.0.5:22', errno(code))
    expect(error).toMatchObject({ exitCode: 3, code: 'SSH_TARGET_NO_ROUTE' })
    expect(error.message).toMatch(/^no route to the SSH target 10\.0\.0\.5:22 \((host|network) unreachable\)$/)
    expect(error.remediation).toContain('Waiting longer would not help.')
  })

  it('no reply within the check\'s seconds (a firewall drops the packets): exit 3, and never "use a longer timeout"', () => {
    for (const error of [noAnswer(target, '10.0.0.5:22', 5000), connectError(target, '10.0.0.5:22', errno('ETIMEDOUT'))]) {
      expect(error).toMatchObject({ exitCode: 3, code: 'SSH_TARGET_NO_ANSWER' })
      expect(error.message).toMatch(/^the SSH target 10\.0\.0\.5:22 does not answer: no reply to a TCP connection( within 5s)?$/)
      expect(error.remediation).toContain('a firewall (security group, network ACL) drops the packets')
      expect(error.remediation).not.toMatch(/--timeout/)
    }
  })
})
