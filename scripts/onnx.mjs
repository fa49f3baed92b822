// Minimal ONNX protobuf writer.
const enc = new TextEncoder();
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
const key = (field, wire) => varint((field << 3) | wire);
const concat = (parts) => {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
};
const int = (f, v) => Uint8Array.from([...key(f, 0), ...varint(v)]);
const bytes = (f, b) => concat([Uint8Array.from([...key(f, 2), ...varint(b.length)]), b]);
const str = (f, s) => bytes(f, enc.encode(s));
const msg = (f, parts) => bytes(f, concat(parts));
const packedInts = (f, vs) => bytes(f, Uint8Array.from(vs.flatMap((v) => varint(v))));

function attr(name, value) {
  if (Array.isArray(value)) return [str(1, name), packedInts(8, value), int(20, 7)];
  return [str(1, name), int(3, value), int(20, 2)];
}
function valueInfo(name, shape) {
  const dims = shape.map((d) => msg(1, [int(1, d)]));
  return [str(1, name), msg(2, [msg(1, [int(1, 1), msg(2, dims)])])];
}
function tensor(name, shape, data) {
  return [...shape.map((d) => int(1, d)), int(2, 1), str(8, name),
    bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength))];
}
export function onnxModel({ op, attrs, inShape, outShape, inits = [] }) {
  const node = [str(1, 'x'), ...inits.map((t) => str(1, t.name)), str(2, 'y'), str(3, 'n0'), str(4, op),
    ...Object.entries(attrs).map(([k, v]) => msg(5, attr(k, v)))];
  const graph = [msg(1, node), str(2, 'g'), ...inits.map((t) => msg(5, tensor(t.name, t.shape, t.data))),
    msg(11, valueInfo('x', inShape)), msg(12, valueInfo('y', outShape))];
  return concat([int(1, 8), str(2, 'convplay-bench'), msg(7, graph), msg(8, [str(1, ''), int(2, 17)])]);
}
