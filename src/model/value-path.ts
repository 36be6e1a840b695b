/** Where a value is inside a document: keys of mappings and indexes of lists, from the root (`['providers', 'google', 'accounts', 0]`). */
export type PathSegment = string | number
export type ValuePath = readonly PathSegment[]
