/**
 * A catalogue of Oracle Cloud compute shapes a bake might run on (the oracle bakery's
 * `instanceShape`), for offline checks and "did you mean" suggestions.
 *
 * Sources: Oracle's "Compute Shapes" reference (docs.oracle.com/iaas/Content/Compute/References/
 * computeshapes.htm) as quoted in public material, cross-checked against shape lists in public
 * code that reads Oracle's price catalogue. Oracle adds shapes every year and the real list
 * depends on the region and the tenancy (`oci compute shape list`), so a name missing here is
 * "unknown to galley", never "invalid". Flexible shapes carry no `ocpus`/`memoryGb`: both are
 * chosen at launch. `deprecated` marks what Oracle lists as a previous-generation shape: still
 * launchable where capacity remains, but a new bake should move to a current shape.
 */
import { closest } from '../../model/format-checks.js'

export interface OciShape {
  /** The exact, case-sensitive name the API takes, e.g. `VM.Standard.E4.Flex`. */
  readonly name: string
  /** The name between the kind and the size: `Standard2`, `Standard.E4`, `GPU.A10`... */
  readonly family: string
  /** Virtual machine or bare metal. */
  readonly kind: 'VM' | 'BM'
  /** OCPUs and memory chosen at launch (the name ends with `.Flex`). */
  readonly flex: boolean
  /** Fixed shapes: OCPUs (1 OCPU = 1 physical core). */
  readonly ocpus?: number
  /** Fixed shapes: memory in GB. */
  readonly memoryGb?: number
  readonly gpu?: boolean
  readonly arch: 'x86_64' | 'aarch64'
  /** Oracle lists it as a previous-generation shape. */
  readonly deprecated?: boolean
}

export const OCI_SHAPES: readonly OciShape[] = [
  // Standard, Intel X5 (previous generation)
  { name: 'VM.Standard1.1', family: 'Standard1', kind: 'VM', flex: false, ocpus: 1, memoryGb: 7, arch: 'x86_64', deprecated: true },
  { name: 'VM.Standard1.2', family: 'Standard1', kind: 'VM', flex: false, ocpus: 2, memoryGb: 14, arch: 'x86_64', deprecated: true },
  { name: 'VM.Standard1.4', family: 'Standard1', kind: 'VM', flex: false, ocpus: 4, memoryGb: 28, arch: 'x86_64', deprecated: true },
  { name: 'VM.Standard1.8', family: 'Standard1', kind: 'VM', flex: false, ocpus: 8, memoryGb: 56, arch: 'x86_64', deprecated: true },
  { name: 'VM.Standard1.16', family: 'Standard1', kind: 'VM', flex: false, ocpus: 16, memoryGb: 112, arch: 'x86_64', deprecated: true },
  { name: 'BM.Standard1.36', family: 'Standard1', kind: 'BM', flex: false, ocpus: 36, memoryGb: 256, arch: 'x86_64', deprecated: true },

  // Standard, Intel X7 (previous generation)
  { name: 'VM.Standard.B1.1', family: 'Standard.B1', kind: 'VM', flex: false, ocpus: 1, memoryGb: 12, arch: 'x86_64', deprecated: true },
  { name: 'VM.Standard.B1.2', family: 'Standard.B1', kind: 'VM', flex: false, ocpus: 2, memoryGb: 24, arch: 'x86_64', deprecated: true },
  { name: 'VM.Standard.B1.4', family: 'Standard.B1', kind: 'VM', flex: false, ocpus: 4, memoryGb: 48, arch: 'x86_64', deprecated: true },
  { name: 'VM.Standard.B1.8', family: 'Standard.B1', kind: 'VM', flex: false, ocpus: 8, memoryGb: 96, arch: 'x86_64', deprecated: true },
  { name: 'VM.Standard.B1.16', family: 'Standard.B1', kind: 'VM', flex: false, ocpus: 16, memoryGb: 192, arch: 'x86_64', deprecated: true },
  { name: 'BM.Standard.B1.44', family: 'Standard.B1', kind: 'BM', flex: false, ocpus: 44, memoryGb: 512, arch: 'x86_64', deprecated: true },

  // Standard2, Intel Skylake (previous generation; Halyard's and Rosco's examples use VM.Standard2.1)
  { name: 'VM.Standard2.1', family: 'Standard2', kind: 'VM', flex: false, ocpus: 1, memoryGb: 15, arch: 'x86_64', deprecated: true },
  { name: 'VM.Standard2.2', family: 'Standard2', kind: 'VM', flex: false, ocpus: 2, memoryGb: 30, arch: 'x86_64', deprecated: true },
  { name: 'VM.Standard2.4', family: 'Standard2', kind: 'VM', flex: false, ocpus: 4, memoryGb: 60, arch: 'x86_64', deprecated: true },
  { name: 'VM.Standard2.8', family: 'Standard2', kind: 'VM', flex: false, ocpus: 8, memoryGb: 120, arch: 'x86_64', deprecated: true },
  { name: 'VM.Standard2.16', family: 'Standard2', kind: 'VM', flex: false, ocpus: 16, memoryGb: 240, arch: 'x86_64', deprecated: true },
  { name: 'VM.Standard2.24', family: 'Standard2', kind: 'VM', flex: false, ocpus: 24, memoryGb: 320, arch: 'x86_64', deprecated: true },
  { name: 'BM.Standard2.52', family: 'Standard2', kind: 'BM', flex: false, ocpus: 52, memoryGb: 768, arch: 'x86_64', deprecated: true },

  // Standard.E2, AMD Naples (previous generation, except the Always Free micro shape)
  { name: 'VM.Standard.E2.1', family: 'Standard.E2', kind: 'VM', flex: false, ocpus: 1, memoryGb: 8, arch: 'x86_64', deprecated: true },
  { name: 'VM.Standard.E2.2', family: 'Standard.E2', kind: 'VM', flex: false, ocpus: 2, memoryGb: 16, arch: 'x86_64', deprecated: true },
  { name: 'VM.Standard.E2.4', family: 'Standard.E2', kind: 'VM', flex: false, ocpus: 4, memoryGb: 32, arch: 'x86_64', deprecated: true },
  { name: 'VM.Standard.E2.8', family: 'Standard.E2', kind: 'VM', flex: false, ocpus: 8, memoryGb: 64, arch: 'x86_64', deprecated: true },
  { name: 'VM.Standard.E2.1.Micro', family: 'Standard.E2', kind: 'VM', flex: false, ocpus: 1, memoryGb: 1, arch: 'x86_64' },
  { name: 'BM.Standard.E2.64', family: 'Standard.E2', kind: 'BM', flex: false, ocpus: 64, memoryGb: 512, arch: 'x86_64', deprecated: true },

  // Standard.E3, AMD Rome (previous generation)
  { name: 'VM.Standard.E3.Flex', family: 'Standard.E3', kind: 'VM', flex: true, arch: 'x86_64', deprecated: true },
  { name: 'BM.Standard.E3.128', family: 'Standard.E3', kind: 'BM', flex: false, ocpus: 128, memoryGb: 2048, arch: 'x86_64', deprecated: true },

  // Current standard shapes: AMD Milan, Genoa, Turin; Intel Ice Lake
  { name: 'VM.Standard.E4.Flex', family: 'Standard.E4', kind: 'VM', flex: true, arch: 'x86_64' },
  { name: 'BM.Standard.E4.128', family: 'Standard.E4', kind: 'BM', flex: false, ocpus: 128, memoryGb: 2048, arch: 'x86_64' },
  { name: 'VM.Standard.E5.Flex', family: 'Standard.E5', kind: 'VM', flex: true, arch: 'x86_64' },
  { name: 'BM.Standard.E5.192', family: 'Standard.E5', kind: 'BM', flex: false, ocpus: 192, memoryGb: 2304, arch: 'x86_64' },
  { name: 'VM.Standard.E6.Flex', family: 'Standard.E6', kind: 'VM', flex: true, arch: 'x86_64' },
  { name: 'VM.Standard3.Flex', family: 'Standard3', kind: 'VM', flex: true, arch: 'x86_64' },
  { name: 'BM.Standard3.64', family: 'Standard3', kind: 'BM', flex: false, ocpus: 64, memoryGb: 1024, arch: 'x86_64' },
  { name: 'VM.Optimized3.Flex', family: 'Optimized3', kind: 'VM', flex: true, arch: 'x86_64' },
  { name: 'BM.Optimized3.36', family: 'Optimized3', kind: 'BM', flex: false, ocpus: 36, memoryGb: 512, arch: 'x86_64' },
  { name: 'BM.HPC2.36', family: 'HPC2', kind: 'BM', flex: false, ocpus: 36, memoryGb: 384, arch: 'x86_64', deprecated: true },

  // Arm: Ampere Altra (A1), AmpereOne (A2, A4). An image must be built for aarch64.
  { name: 'VM.Standard.A1.Flex', family: 'Standard.A1', kind: 'VM', flex: true, arch: 'aarch64' },
  { name: 'BM.Standard.A1.160', family: 'Standard.A1', kind: 'BM', flex: false, ocpus: 160, memoryGb: 1024, arch: 'aarch64' },
  { name: 'VM.Standard.A2.Flex', family: 'Standard.A2', kind: 'VM', flex: true, arch: 'aarch64' },
  { name: 'VM.Standard.A4.Flex', family: 'Standard.A4', kind: 'VM', flex: true, arch: 'aarch64' },

  // Dense I/O (local NVMe)
  { name: 'VM.DenseIO2.8', family: 'DenseIO2', kind: 'VM', flex: false, ocpus: 8, memoryGb: 120, arch: 'x86_64', deprecated: true },
  { name: 'VM.DenseIO2.16', family: 'DenseIO2', kind: 'VM', flex: false, ocpus: 16, memoryGb: 240, arch: 'x86_64', deprecated: true },
  { name: 'VM.DenseIO2.24', family: 'DenseIO2', kind: 'VM', flex: false, ocpus: 24, memoryGb: 320, arch: 'x86_64', deprecated: true },
  { name: 'BM.DenseIO2.52', family: 'DenseIO2', kind: 'BM', flex: false, ocpus: 52, memoryGb: 768, arch: 'x86_64', deprecated: true },
  { name: 'VM.DenseIO.E4.Flex', family: 'DenseIO.E4', kind: 'VM', flex: true, arch: 'x86_64' },
  { name: 'BM.DenseIO.E4.128', family: 'DenseIO.E4', kind: 'BM', flex: false, ocpus: 128, memoryGb: 2048, arch: 'x86_64' },
  { name: 'VM.DenseIO.E5.Flex', family: 'DenseIO.E5', kind: 'VM', flex: true, arch: 'x86_64' },
  { name: 'BM.DenseIO.E5.128', family: 'DenseIO.E5', kind: 'BM', flex: false, ocpus: 128, memoryGb: 1536, arch: 'x86_64' },

  // GPU: P100 (GPU2), V100 (GPU3), A100 (GPU4, A100-v2), A10, L40S, H100
  { name: 'VM.GPU2.1', family: 'GPU2', kind: 'VM', flex: false, ocpus: 12, memoryGb: 72, gpu: true, arch: 'x86_64', deprecated: true },
  { name: 'BM.GPU2.2', family: 'GPU2', kind: 'BM', flex: false, ocpus: 28, memoryGb: 192, gpu: true, arch: 'x86_64', deprecated: true },
  { name: 'VM.GPU3.1', family: 'GPU3', kind: 'VM', flex: false, ocpus: 6, memoryGb: 90, gpu: true, arch: 'x86_64', deprecated: true },
  { name: 'VM.GPU3.2', family: 'GPU3', kind: 'VM', flex: false, ocpus: 12, memoryGb: 180, gpu: true, arch: 'x86_64', deprecated: true },
  { name: 'VM.GPU3.4', family: 'GPU3', kind: 'VM', flex: false, ocpus: 24, memoryGb: 360, gpu: true, arch: 'x86_64', deprecated: true },
  { name: 'BM.GPU3.8', family: 'GPU3', kind: 'BM', flex: false, ocpus: 52, memoryGb: 768, gpu: true, arch: 'x86_64', deprecated: true },
  { name: 'BM.GPU4.8', family: 'GPU4', kind: 'BM', flex: false, ocpus: 64, memoryGb: 2048, gpu: true, arch: 'x86_64' },
  { name: 'BM.GPU.A100-v2.8', family: 'GPU.A100-v2', kind: 'BM', flex: false, ocpus: 128, memoryGb: 2048, gpu: true, arch: 'x86_64' },
  { name: 'VM.GPU.A10.1', family: 'GPU.A10', kind: 'VM', flex: false, ocpus: 15, memoryGb: 240, gpu: true, arch: 'x86_64' },
  { name: 'VM.GPU.A10.2', family: 'GPU.A10', kind: 'VM', flex: false, ocpus: 30, memoryGb: 480, gpu: true, arch: 'x86_64' },
  { name: 'BM.GPU.A10.4', family: 'GPU.A10', kind: 'BM', flex: false, ocpus: 64, memoryGb: 1024, gpu: true, arch: 'x86_64' },
  { name: 'BM.GPU.L40S.4', family: 'GPU.L40S', kind: 'BM', flex: false, ocpus: 112, memoryGb: 1024, gpu: true, arch: 'x86_64' },
  { name: 'BM.GPU.H100.8', family: 'GPU.H100', kind: 'BM', flex: false, ocpus: 112, memoryGb: 2048, gpu: true, arch: 'x86_64' },
]

/**
 * The general form of a shape name: `VM` or `BM`, a family of one or more dotted parts
 * (`Standard2`, `Standard.E4`, `GPU.A100-v2`), then a size (`1`, `52`, `1.Micro`) or `Flex`.
 * Case-sensitive, as the API is: `VM.Standard.E4.flex` does not match.
 */
export const shapeNamePattern = /^(VM|BM)\.[A-Z][A-Za-z]*[0-9]*(\.[A-Z][A-Za-z0-9-]*)*\.([0-9]+(\.Micro)?|Flex)$/

const byName = new Map(OCI_SHAPES.map((shape) => [shape.name, shape]))

/** The catalogued shape with exactly this name (case-sensitive), if any. */
export function findShape(name: string): OciShape | undefined {
  return byName.get(name)
}

/** Whether the name is a flexible shape's (ends with `.Flex`), catalogued or not. */
export function isFlexShape(name: string): boolean {
  return name.endsWith('.Flex')
}

/**
 * Up to `n` catalogued names close to `name`, for "did you mean". A name with its size left
 * off (`VM.Standard.E4`, `vm.gpu3`) gets that family's shapes first, in catalogue order; then
 * come names within 3 edits, ignoring case, nearest first, then by name.
 */
export function closestShapes(name: string, n = 3): string[] {
  const names = OCI_SHAPES.map((shape) => shape.name)
  const stem = `${name.toLowerCase()}.`
  const family = name === '' ? [] : names.filter((candidate) => candidate.toLowerCase().startsWith(stem))
  return [...new Set([...family, ...closest(name, names, 3)])].slice(0, n)
}
