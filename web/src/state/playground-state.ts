// What a playground shows, as plain data: the stack, the input, the seed and
// the learner's kernel edits. It is what the URL hash and undo/redo store.
import type { LayerSpec } from '../engine/types';

/** Built-in input images, drawn by render/samples.ts. */
export const SAMPLE_NAMES = [
  'colour-shapes',
  'shapes',
  'letters',
  'checkerboard',
  'gradient',
  'stripes',
  'digit',
] as const;
export type SampleName = (typeof SAMPLE_NAMES)[number];

export function isSample(source: string): source is SampleName {
  return (SAMPLE_NAMES as readonly string[]).includes(source);
}

/** Where the input image comes from. */
export type InputSource = SampleName | 'upload' | 'webcam' | 'drawing';

/** The learner's weights for one output channel of a conv layer. */
export interface KernelEdit {
  layer: number;
  out: number;
  /** in_channels / groups × kernel elements, in PyTorch's weight layout. */
  weights: number[];
  bias: number;
}

export interface PlaygroundState {
  /** The stack (empty when the model is class code). */
  layers: LayerSpec[];
  /**
   * Class code (`class Net(nn.Module)` with forward()), exactly as the learner
   * wrote it; '' when the model is a stack.
   */
  classCode: string;
  inputShape: number[];
  source: InputSource;
  seed: number;
  kernels: KernelEdit[];
}

export const CLASSIC_CODE = `nn.Sequential(
    nn.Conv2d(3, 10, kernel_size=3),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=4, stride=4),
    nn.Conv2d(10, 20, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=5120, out_features=10),
)`;

/** The classic example as specs (what CLASSIC_CODE parses to). */
export function classicLayers(): LayerSpec[] {
  return [
    { kind: 'Conv2d', args: { in_channels: 3, out_channels: 10, kernel_size: 3 } },
    { kind: 'ReLU', args: {} },
    { kind: 'MaxPool2d', args: { kernel_size: 4, stride: 4 } },
    { kind: 'Conv2d', args: { in_channels: 10, out_channels: 20, kernel_size: 5, padding: 2 } },
    { kind: 'ReLU', args: {} },
    { kind: 'MaxPool2d', args: { kernel_size: 2, stride: 2 } },
    { kind: 'Flatten', args: {} },
    { kind: 'Linear', args: { in_features: 5120, out_features: 10 } },
  ];
}

export function defaultState(): PlaygroundState {
  return {
    layers: classicLayers(),
    classCode: '',
    inputShape: [1, 3, 130, 130],
    source: 'colour-shapes',
    seed: 0,
    kernels: [],
  };
}

/** The layer's edit for an output channel, if the learner made one. */
export function kernelEditOf(
  kernels: readonly KernelEdit[],
  layer: number,
  out: number,
): KernelEdit | undefined {
  return kernels.find((k) => k.layer === layer && k.out === out);
}

/** Replaces (or adds) one kernel edit, keeping the list sorted. */
export function withKernelEdit(kernels: readonly KernelEdit[], edit: KernelEdit): KernelEdit[] {
  const rest = kernels.filter((k) => k.layer !== edit.layer || k.out !== edit.out);
  return [...rest, edit].sort((a, b) => a.layer - b.layer || a.out - b.out);
}

/**
 * Kernel edits follow their layer when layers move: `map[i]` is the new index
 * of old layer i, or -1 when it was deleted.
 */
export function remapKernels(kernels: readonly KernelEdit[], map: readonly number[]): KernelEdit[] {
  return kernels
    .map((k) => ({ ...k, layer: map[k.layer] ?? -1 }))
    .filter((k) => k.layer >= 0)
    .sort((a, b) => a.layer - b.layer || a.out - b.out);
}
