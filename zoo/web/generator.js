// A zoo generator exported for TensorFlow.js (zoo-export --formats=tfjs), for the web page
// and for Node (run_node.js). Latents come from a seed (mulberry32 + Box-Muller), so a page
// and a test can ask for the same ones; the model's zoo.json says their prior and size.
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.ZooGenerator = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";
  const MAX_ROWS = 256;  // rows of one call: the page asks for at most this many images

  function mulberry32(seed) {
    let a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  // rows x dim latents from `prior` ("normal" or "uniform" on [-1, 1]), as arrays of numbers.
  function latents(seed, rows, dim, prior) {
    const random = mulberry32(seed);
    const out = [];
    for (let i = 0; i < rows; i++) {
      const z = new Array(dim);
      for (let j = 0; j < dim; j++) {
        if (prior === "uniform") z[j] = 2 * random() - 1;
        else z[j] = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      }
      out.push(z);
    }
    return out;
  }

  // The latent a fraction t of the way from a to b: spherical for Gaussian latents (as the
  // export's `interpolate` signature), straight for uniform ones.
  function interpolate(a, b, t, prior) {
    const lerp = a.map((x, i) => (1 - t) * x + t * b[i]);
    if (prior !== "normal") return lerp;
    const dot = a.reduce((s, x, i) => s + x * b[i], 0);
    const norms = Math.hypot(...a) * Math.hypot(...b);
    const omega = Math.acos(Math.min(1, Math.max(-1, dot / Math.max(norms, 1e-12))));
    const sin = Math.sin(omega);
    if (sin <= 1e-6) return lerp;
    return a.map((x, i) => (Math.sin((1 - t) * omega) * x + Math.sin(t * omega) * b[i]) / sin);
  }

  // Checks what the exported graph does not (TF.js cannot run its input checks).
  function checkInputs(meta, z, labels) {
    if (!Array.isArray(z) || z.length < 1 || z.length > MAX_ROWS)
      throw new Error(`z must have 1 to ${MAX_ROWS} rows, got ${z && z.length}`);
    for (const row of z) {
      if (row.length !== meta.latent_dim || !row.every(Number.isFinite))
        throw new Error(`each row of z must be ${meta.latent_dim} finite numbers`);
    }
    if (meta.num_classes) {
      if (!labels || labels.length !== z.length)
        throw new Error("a conditional model needs one label per row of z");
      if (!labels.every((l) => Number.isInteger(l) && l >= 0 && l < meta.num_classes))
        throw new Error(`labels must be class ids in [0, ${meta.num_classes})`);
    }
  }

  // Images [rows, H, W, C] in [0, 1] (a tf.Tensor) for latents z (and labels).
  async function generate(tf, model, meta, z, labels) {
    checkInputs(meta, z, labels);
    const inputs = {z: tf.tensor2d(z, [z.length, meta.latent_dim], "float32")};
    if (meta.num_classes) inputs.labels = tf.tensor1d(labels, "int32");
    const names = model.outputs.map((o) => o.name);
    const outputs = await model.executeAsync(inputs, names);
    Object.values(inputs).forEach((t) => t.dispose());
    const list = Array.isArray(outputs) ? outputs : [outputs];
    const index = imagesIndex(model, list, meta);
    list.forEach((t, i) => { if (i !== index) t.dispose(); });
    return list[index];
  }

  // Which output is `images` (float32), whatever order the converter gave the outputs.
  function imagesIndex(model, list, meta) {
    const sig = model.signature && model.signature.outputs;
    if (sig) {
      const wanted = sig.images && sig.images.name;
      const at = model.outputs.findIndex((o) => o.name === wanted || o.name + ":0" === wanted);
      if (at >= 0) return at;
    }
    const at = list.findIndex((t) => t.dtype === "float32");
    if (at < 0) throw new Error("the model has no float32 images output");
    return at;
  }

  return {latents, interpolate, generate, checkInputs, MAX_ROWS};
});
