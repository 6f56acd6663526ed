/**
 * Built-in data type ids (OPC 10000-6 §5.1.2, Table 1), which node-opcua's `DataType` enum uses
 * as its values: a Variant's `dataType` is either the id or, in fixtures, its name.
 */
export const DATA_TYPE_IDS = {
  Null: 0,
  Boolean: 1,
  SByte: 2,
  Byte: 3,
  Int16: 4,
  UInt16: 5,
  Int32: 6,
  UInt32: 7,
  Int64: 8,
  UInt64: 9,
  Float: 10,
  Double: 11,
  String: 12,
  DateTime: 13,
  Guid: 14,
  ByteString: 15,
  XmlElement: 16,
  NodeId: 17,
  ExpandedNodeId: 18,
  StatusCode: 19,
  QualifiedName: 20,
  LocalizedText: 21,
  ExtensionObject: 22,
  DataValue: 23,
  Variant: 24,
  DiagnosticInfo: 25,
} as const;
export type DataTypeName = keyof typeof DATA_TYPE_IDS;

export const DATA_TYPE_NAMES = Object.keys(DATA_TYPE_IDS) as DataTypeName[];

/** node-opcua's `VariantArrayType` (OPC 10000-6 §5.2.2.16 encoding mask bits). */
export const VARIANT_ARRAY_TYPE = { Scalar: 0, Array: 1, Matrix: 2 } as const;

export function dataTypeId(dataType: number | DataTypeName): number {
  return typeof dataType === "number" ? dataType : DATA_TYPE_IDS[dataType];
}

export function dataTypeName(id: number): string {
  return DATA_TYPE_NAMES.find((name) => DATA_TYPE_IDS[name] === id) ?? `DataType ${id}`;
}
