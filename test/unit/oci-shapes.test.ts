import { describe, expect, it } from 'vitest'
import { OCI_SHAPES, closestShapes, findShape, isFlexShape, shapeNamePattern } from '../../src/providers/oracle/shapes.js'

describe('the OCI shape catalogue', () => {
  it('names every shape once', () => {
    const names = OCI_SHAPES.map((shape) => shape.name)
    expect(new Set(names).size).toBe(names.length)
  })

  it.each(OCI_SHAPES.map((shape) => [shape.name, shape] as const))('%s is consistent with its name', (name, shape) => {
    expect(name).toMatch(shapeNamePattern)
    expect(name.startsWith(`${shape.kind}.${shape.family}.`)).toBe(true)
    expect(shape.flex).toBe(name.endsWith('.Flex'))
    if (shape.flex) {
      expect(shape.ocpus).toBeUndefined()
      expect(shape.memoryGb).toBeUndefined()
    } else {
      expect(shape.ocpus).toBeGreaterThan(0)
      expect(shape.memoryGb).toBeGreaterThan(0)
    }
    expect(shape.gpu ?? false).toBe(shape.family.startsWith('GPU'))
  })

  it('holds the shapes of the documented examples', () => {
    for (const name of ['VM.Standard2.1', 'VM.Standard.E2.1', 'VM.Standard.E4.Flex', 'VM.Standard.A1.Flex', 'BM.Standard2.52', 'VM.GPU3.1']) {
      expect(findShape(name), name).toBeDefined()
    }
  })

  it('holds the common bake shapes of every generation', () => {
    const expected = [
      'VM.Standard1.1',
      'VM.Standard2.2',
      'VM.Standard2.4',
      'VM.Standard2.8',
      'VM.Standard2.16',
      'VM.Standard2.24',
      'VM.Standard.E2.2',
      'VM.Standard.E2.4',
      'VM.Standard.E2.8',
      'VM.Standard.E2.1.Micro',
      'VM.Standard.E3.Flex',
      'VM.Standard.E5.Flex',
      'VM.Standard3.Flex',
      'VM.Standard.A2.Flex',
      'VM.Optimized3.Flex',
      'VM.DenseIO2.8',
      'VM.DenseIO.E4.Flex',
      'VM.GPU2.1',
      'VM.GPU3.2',
      'VM.GPU3.4',
      'VM.GPU.A10.1',
      'VM.GPU.A10.2',
      'BM.Standard.E3.128',
      'BM.Standard.E4.128',
      'BM.Standard.A1.160',
      'BM.Standard3.64',
      'BM.DenseIO2.52',
      'BM.GPU3.8',
      'BM.GPU4.8',
    ]
    for (const name of expected) expect(findShape(name), name).toBeDefined()
  })

  it('records the Arm shapes as aarch64 and the rest as x86_64', () => {
    const arm = OCI_SHAPES.filter((shape) => shape.arch === 'aarch64').map((shape) => shape.name)
    expect(arm.sort()).toEqual(['BM.Standard.A1.160', 'VM.Standard.A1.Flex', 'VM.Standard.A2.Flex', 'VM.Standard.A4.Flex'])
  })

  it('marks previous generations deprecated, but not the Always Free micro shape or current families', () => {
    for (const name of ['VM.Standard1.1', 'VM.Standard2.1', 'VM.Standard.E2.1', 'BM.Standard2.52', 'VM.DenseIO2.8', 'VM.GPU2.1']) {
      expect(findShape(name)?.deprecated, name).toBe(true)
    }
    for (const name of ['VM.Standard.E2.1.Micro', 'VM.Standard.E4.Flex', 'VM.Standard.E5.Flex', 'VM.Standard3.Flex', 'VM.Standard.A1.Flex', 'VM.GPU.A10.1']) {
      expect(findShape(name)?.deprecated ?? false, name).toBe(false)
    }
  })

  it('gives fixed shapes their size', () => {
    expect(findShape('VM.Standard2.1')).toMatchObject({ kind: 'VM', family: 'Standard2', flex: false, ocpus: 1, memoryGb: 15 })
    expect(findShape('VM.Standard.E2.1.Micro')).toMatchObject({ family: 'Standard.E2', ocpus: 1, memoryGb: 1 })
    expect(findShape('BM.Standard2.52')).toMatchObject({ kind: 'BM', ocpus: 52, memoryGb: 768 })
    expect(findShape('VM.GPU3.1')).toMatchObject({ family: 'GPU3', gpu: true, ocpus: 6, memoryGb: 90 })
  })
})

describe('findShape', () => {
  it('finds a shape by its exact name', () => {
    expect(findShape('VM.Standard.E4.Flex')).toMatchObject({ kind: 'VM', family: 'Standard.E4', flex: true, arch: 'x86_64' })
  })

  it('is case-sensitive, as the API is', () => {
    expect(findShape('vm.standard.e4.flex')).toBeUndefined()
    expect(findShape('VM.Standard.E4.flex')).toBeUndefined()
  })

  it('does not know made-up shapes', () => {
    expect(findShape('VM.Standard9.1')).toBeUndefined()
    expect(findShape('')).toBeUndefined()
  })
})

describe('isFlexShape', () => {
  it('is true for names ending with .Flex, catalogued or not', () => {
    expect(isFlexShape('VM.Standard.E4.Flex')).toBe(true)
    expect(isFlexShape('VM.Standard.A1.Flex')).toBe(true)
    expect(isFlexShape('VM.Standard.E9.Flex')).toBe(true)
  })

  it('is false for fixed shapes and other spellings', () => {
    expect(isFlexShape('VM.Standard2.1')).toBe(false)
    expect(isFlexShape('VM.Standard.E2.1.Micro')).toBe(false)
    expect(isFlexShape('VM.Standard.E4.flex')).toBe(false)
    expect(isFlexShape('VM.Standard.E4.Flexible')).toBe(false)
  })
})

describe('shapeNamePattern: (VM|BM).<family>.(<size>|Flex)', () => {
  it.each([
    'VM.Standard2.1',
    'VM.Standard.E2.1',
    'VM.Standard.E4.Flex',
    'VM.Standard.A1.Flex',
    'BM.Standard2.52',
    'VM.GPU3.1',
    'VM.Standard.E2.1.Micro',
    'BM.GPU.A100-v2.8',
    'VM.Standard.E9.Flex',
  ])('matches %s', (name) => {
    expect(name).toMatch(shapeNamePattern)
  })

  it.each([
    'vm.standard2.1',
    'VM.Standard.E4.flex',
    'VM.Standard2.l',
    'VM.Standard2',
    'XM.Standard2.1',
    'VM.Standard2.1 ',
    'VM..Standard2.1',
    'Standard2.1',
    'VM.Standard.E4',
    '',
  ])('does not match %j', (name) => {
    expect(name).not.toMatch(shapeNamePattern)
  })
})

describe('closestShapes: did you mean', () => {
  it('turns a letter l for the digit 1 into VM.Standard2.1', () => {
    expect(closestShapes('VM.Standard2.l')[0]).toBe('VM.Standard2.1')
    expect(closestShapes('VM.Standard2.l')).toEqual(['VM.Standard2.1', 'VM.Standard2.2', 'VM.Standard2.4'])
  })

  it('puts the shape that differs only in case first', () => {
    expect(closestShapes('VM.Standard.E4.flex')[0]).toBe('VM.Standard.E4.Flex')
    expect(closestShapes('vm.standard2.1')[0]).toBe('VM.Standard2.1')
    expect(closestShapes('VM.STANDARD.A1.FLEX')[0]).toBe('VM.Standard.A1.Flex')
  })

  it('returns at most n names', () => {
    expect(closestShapes('VM.Standard.E4.flex', 1)).toEqual(['VM.Standard.E4.Flex'])
    expect(closestShapes('VM.Standard.E9.Flex')).toHaveLength(3)
    expect(closestShapes('VM.Standard.E9.Flex', 10).length).toBeGreaterThan(3)
  })

  it('fixes a misspelt family', () => {
    expect(closestShapes('VM.Standrd.E4.Flex')[0]).toBe('VM.Standard.E4.Flex')
    expect(closestShapes('VM.GPU.A1O.1')[0]).toBe('VM.GPU.A10.1')
  })

  it('offers the sizes of a family when the size is left off', () => {
    expect(closestShapes('VM.Standard.E4')[0]).toBe('VM.Standard.E4.Flex')
    expect(closestShapes('VM.Standard2')).toEqual(['VM.Standard2.1', 'VM.Standard2.2', 'VM.Standard2.4'])
    expect(closestShapes('vm.gpu3')).toEqual(['VM.GPU3.1', 'VM.GPU3.2', 'VM.GPU3.4'])
  })

  it('suggests nothing for a name far from every shape', () => {
    expect(closestShapes('n1-standard-4')).toEqual([])
    expect(closestShapes('')).toEqual([])
  })
})
