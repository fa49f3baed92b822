// TeX formulas from the engine as MathML (KaTeX's MathML output needs no
// fonts or stylesheet, reads out in screen readers, and works in shadow
// roots). KaTeX is loaded on first use, so pages without solutions never
// download it.
let katex: Promise<(typeof import('katex'))['default']> | undefined;

export async function texToMathml(tex: string): Promise<string> {
  katex ??= import('katex').then((m) => m.default);
  return (await katex).renderToString(tex, { output: 'mathml', throwOnError: false, trust: false });
}
