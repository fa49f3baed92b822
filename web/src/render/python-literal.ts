// A layer argument written as Python source, as a learner would type it in a
// layer card: 3, (3, 5), 'same', True, None, 0.01, float('inf').
import type { ArgValue } from '../engine/types';

export function pythonLiteral(value: ArgValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') {
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  }
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return "float('nan')";
    if (value === Infinity) return "float('inf')";
    if (value === -Infinity) return "-float('inf')";
    return String(value);
  }
  const items = value.map(pythonLiteral);
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}
