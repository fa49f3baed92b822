// The playground's window explorer and receptive-field outline: which layer
// and cell are open (a conv-explore event from inside the host opens it), the
// explorer's view of that layer (its input and output maps and the explain
// path), and the input region the cell depends on.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LayerCatalogue } from '../engine/layer-catalogue';
import type { Explanation, LayerPlan, LayerSpec } from '../engine/types';
import { inputRegion } from '../render/window-math';
import type { MapRegion, MapTensor } from '../components/conv-feature-maps';
import type { ConvWindowView, WindowSource } from '../components/conv-window-view';
import type { ExploreRequest, WindowCellDetail } from '../events/event-map';

/** What the controller reads from the playground. */
export interface ExploreContext {
  catalogue: LayerCatalogue;
  /** Each layer (or call) as a spec; undefined for calls that are not a module's (class code). */
  layers: (LayerSpec | undefined)[];
  inputShape: number[];
  plans: LayerPlan[];
  /** The input, then every layer's output. */
  tensors: MapTensor[];
  explain(layer: number, index: number[]): Promise<Explanation>;
}

export class ExploreController implements ReactiveController {
  request?: ExploreRequest;
  source?: WindowSource;
  /** The picked cell's receptive field, outlined on the input maps. */
  region?: MapRegion;

  private readonly onExplore = (e: CustomEvent<ExploreRequest>) => void this.open(e.detail);

  constructor(
    private readonly host: ReactiveControllerHost &
      HTMLElement & { renderRoot: HTMLElement | DocumentFragment },
    private readonly context: () => ExploreContext,
  ) {
    host.addController(this);
  }

  hostConnected() {
    this.host.addEventListener('conv-explore', this.onExplore);
  }

  hostDisconnected() {
    this.host.removeEventListener('conv-explore', this.onExplore);
  }

  /** Rebuilds the explorer's view after new maps (or closes it if its layer is gone). */
  refresh() {
    const c = this.context();
    const layer = this.request?.layer ?? -1;
    const spec = c.layers[layer];
    const plan = c.plans[layer];
    // The tensor it reads: the call before it in a chain; in a graph, its first input.
    const input = c.tensors[(plan?.inputs?.[0] ?? layer - 1) + 1];
    const output = c.tensors[layer + 1];
    const info = spec && c.catalogue.info(spec.kind);
    this.source =
      this.request && spec && info && plan && input && output && c.catalogue.windowOp(spec.kind)
        ? {
            layer,
            spec,
            info,
            plan,
            input: input.data,
            output: output.data,
            explain: (index) => c.explain(layer, index),
          }
        : undefined;
    this.host.requestUpdate();
  }

  close() {
    this.request = undefined;
    this.source = undefined;
    this.host.requestUpdate();
  }

  /** After an edit: an open explorer re-sends its cell; otherwise the outline goes. */
  edited() {
    if (!this.request) this.region = undefined;
  }

  /** Outlines on the input what output `position` of `layer` depends on. */
  showRegion(layer: number, channel: number, position: number[]) {
    const c = this.context();
    const plan = c.plans[layer];
    const region = plan && inputRegion(plan, c.inputShape, channel, position);
    this.region = region && { tensor: 0, ...region };
    this.host.requestUpdate();
  }

  readonly onWindowCell = (ev: CustomEvent<WindowCellDetail>) => {
    const { layer, index } = ev.detail;
    const c = this.context();
    const dims = c.catalogue.spatialDims(c.layers[layer]?.kind ?? '');
    if (!dims) return; // a late cell of a layer that is gone
    this.showRegion(layer, index[index.length - dims - 1] ?? 0, index.slice(-dims));
  };

  /** Opens the explorer on a layer (pinned at a cell, if given); any layer outlines its field. */
  async open(req: ExploreRequest) {
    const { catalogue, layers } = this.context();
    const spec = layers[req.layer];
    if (req.position) this.showRegion(req.layer, req.channel ?? 0, req.position);
    if (!spec || !catalogue.windowOp(spec.kind)) return;
    this.request = req;
    this.refresh();
    await this.host.updateComplete;
    const view = this.host.renderRoot.querySelector<ConvWindowView>('conv-window-view');
    if (!view) return;
    if (req.position)
      view.pin(req.channel ?? 0, req.position.slice(-catalogue.spatialDims(spec.kind)));
    view.scrollIntoView({ block: 'nearest' });
    view.focusPanel();
  }
}
