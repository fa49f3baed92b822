// convplay::HashValue in JS (BigInt), bit for bit: the golden generator's
// inputs and weights.
const M64 = (1n << 64n) - 1n;

export function hashValue(seed: number, i: number): number {
  let z = (BigInt(seed) * 0x100000001b3n + BigInt(i) + 0x9e3779b97f4a7c15n) & M64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
  z ^= z >> 31n;
  return -1 + 2 * (Number(z >> 40n) / 16777216);
}

export function hashed(seed: number, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = hashValue(seed, i);
  return out;
}
