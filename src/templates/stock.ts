import { packagePath } from '../lib/package.js'

/**
 * The files Rosco's image ships in /opt/rosco/config/packer. A custom file with one of these
 * names replaces the stock one; a templateFile naming one of them resolves without a custom file.
 */
export const STOCK_TEMPLATES: readonly string[] = [
  'alicloud-multi.json', 'alicloud.json', 'aws-chroot.json', 'aws-ebs.json', 'aws-multi-chroot.json',
  'aws-multi-ebs.json', 'aws-windows-2012-r2.json', 'azure-linux-managed-image.pkr.hcl', 'azure-linux.pkr.hcl',
  'azure-windows-managed-image.pkr.hcl', 'azure-windows.pkr.hcl', 'docker.json', 'gce.json', 'huaweicloud.json',
  'install_packages.sh', 'oci.json', 'tencentcloud.json',
  'scripts/aws-windows-2012-configure-ec2service.ps1', 'scripts/aws-windows.userdata',
  'scripts/windows-configure-chocolatey.ps1', 'scripts/windows-install-packages.ps1',
]

/** galley's own versions of the stock files for the providers it manages (interface-compatible with Rosco's). */
export const SHIPPED_TEMPLATES: readonly string[] = ['gce.json', 'oci.json', 'aws-ebs.json', 'install_packages.sh']

/** Where galley's shipped templates are. */
export const shippedTemplatesDir = (): string => packagePath('templates')
