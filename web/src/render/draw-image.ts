// Draws any image into a w × h input, cropped to fill it (like CSS
// object-fit: cover) so shapes keep their proportions.
import type { DrawInput } from '../components/events';

export function coverDrawer(image: CanvasImageSource, iw: number, ih: number): DrawInput {
  return (ctx, w, h) => {
    const scale = Math.max(w / iw, h / ih);
    const sw = w / scale;
    const sh = h / scale;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(image, (iw - sw) / 2, (ih - sh) / 2, sw, sh, 0, 0, w, h);
  };
}
