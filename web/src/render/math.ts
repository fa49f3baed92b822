// TeX formulas from the engine as MathML (KaTeX's MathML output needs no
// fonts or stylesheet, reads out in screen readers, and works in shadow
// roots). KaTeX is loaded on first use, so pages without solutions never
// download it; the module system keeps it (later imports are the same module).
export async function texToMathml(tex: string): Promise<string> {
  const { default: katex } = await import('katex');
  return katex.renderToString(tex, { output: 'mathml', throwOnError: false, trust: false });
}
