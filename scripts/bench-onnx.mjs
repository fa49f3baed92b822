// A minimal ONNX writer for the benchmark (no onnx package, nothing
// downloaded): a ModelProto with one chain of Conv / MaxPool / AveragePool
// nodes, weights as float32 initializers, opset 17. Protobuf by hand: each
// field is (number << 3 | wire type) then a varint or length-delimited bytes;
// the field numbers are onnx.proto3's.
const utf8 = new TextEncoder();

function varint(n) {
  const out = [];
  let v = BigInt(n);
  if (v < 0n) v += 1n << 64n;
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const int = (field, v) => Uint8Array.from([...varint(field << 3), ...varint(v)]);
const bytes = (field, b) =>
  concat([Uint8Array.from([...varint((field << 3) | 2), ...varint(b.length)]), b]);
const str = (field, s) => bytes(field, utf8.encode(s));
const msg = (field, parts) => bytes(field, concat(parts));
const ints = (field, vs) => bytes(field, Uint8Array.from(vs.flatMap((v) => varint(v)))); // packed

// AttributeProto: name 1, i 3, ints 8, type 20 (INT = 2, INTS = 7).
const attribute = (name, v) =>
  Array.isArray(v) ? [str(1, name), ints(8, v), int(20, 7)] : [str(1, name), int(3, v), int(20, 2)];

// ValueInfoProto { name 1, type 2: TypeProto { tensor_type 1: { elem_type 1 (FLOAT = 1), shape 2 } } }.
const valueInfo = (name, shape) => [
  str(1, name),
  msg(2, [
    msg(1, [
      int(1, 1),
      msg(
        2,
        shape.map((d) => msg(1, [int(1, d)])),
      ),
    ]),
  ]),
];

// TensorProto: dims 1, data_type 2 (FLOAT = 1), name 8, raw_data 9 (little-endian).
const tensor = (name, shape, data) => [
  ...shape.map((d) => int(1, d)),
  int(2, 1),
  str(8, name),
  bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)),
];

/**
 * nodes: [{ op: 'Conv' | 'MaxPool' | 'AveragePool', attrs: { name: int | int[] },
 *           weights?: [{ shape, data: Float32Array }] }], run in a chain from
 * input 'x' (inShape) to output 'y' (outShape). Returns the model's bytes.
 */
export function onnxChain(nodes, inShape, outShape) {
  const graph = [];
  const inits = [];
  nodes.forEach((node, i) => {
    const from = i === 0 ? 'x' : `t${i - 1}`;
    const to = i === nodes.length - 1 ? 'y' : `t${i}`;
    const names = (node.weights ?? []).map((w, k) => {
      const name = `n${i}.w${k}`;
      inits.push(msg(5, tensor(name, w.shape, w.data)));
      return name;
    });
    // NodeProto: input 1, output 2, name 3, op_type 4, attribute 5.
    graph.push(
      msg(1, [
        str(1, from),
        ...names.map((n) => str(1, n)),
        str(2, to),
        str(3, `n${i}`),
        str(4, node.op),
        ...Object.entries(node.attrs).map(([k, v]) => msg(5, attribute(k, v))),
      ]),
    );
  });
  // GraphProto: node 1, name 2, initializer 5, input 11, output 12.
  graph.push(
    str(2, 'bench'),
    ...inits,
    msg(11, valueInfo('x', inShape)),
    msg(12, valueInfo('y', outShape)),
  );
  // ModelProto: ir_version 1, producer_name 2, graph 7, opset_import 8 { domain 1, version 2 }.
  return concat([
    int(1, 8),
    str(2, 'convplay-bench'),
    msg(7, graph),
    msg(8, [str(1, ''), int(2, 17)]),
  ]);
}
