// How the input image is drawn: a DrawInput draws it at whatever size the
// input shape asks for; coverDrawer makes one from any image, cropped to fill
// the input (like CSS object-fit: cover) so shapes keep their proportions.

/** Something that draws the input image at any size. */
export type DrawInput = (
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  width: number,
  height: number,
) => void;

export function coverDrawer(image: CanvasImageSource, iw: number, ih: number): DrawInput {
  return (ctx, w, h) => {
    const scale = Math.max(w / iw, h / ih);
    const sw = w / scale;
    const sh = h / scale;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(image, (iw - sw) / 2, (ih - sh) / 2, sw, sh, 0, 0, w, h);
  };
}
