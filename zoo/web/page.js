// The page of zoo-serve-page: a grid of samples from a seed, a walk between two of them, and
// for conditional models the class. `?test=1` also writes the grid's latents and the
// canvas's pixels into #result (tests/test_web_page.py reads them through headless Chromium);
// `?seed=S` and `?rows=N` set the grid's seed and rows, `?backend=cpu|webgl` TF.js's backend.
"use strict";
(async function () {
  const params = new URLSearchParams(location.search);
  const COLS = 8;
  const ROWS = Math.min(Math.max(Number(params.get("rows") || 8), 1), 32);
  const STRIP = 8;  // evenly spaced steps of the walk
  const $ = (id) => document.getElementById(id);
  const state = {z: [], labels: null, picked: []};

  function paint(canvas, images, x0, y0, cols) {
    // images: [N, H, W, C] float in [0, 1] -> tiles of the canvas, row-major, 1 pixel per pixel
    const [n, h, w, c] = images.shape;
    const data = images.dataSync();
    const context = canvas.getContext("2d");
    for (let i = 0; i < n; i++) {
      const tile = context.createImageData(w, h);
      for (let p = 0; p < h * w; p++) {
        for (let k = 0; k < 3; k++) {
          const v = data[(i * h * w + p) * c + (c === 1 ? 0 : k)];
          tile.data[4 * p + k] = Math.round(Math.min(1, Math.max(0, v)) * 255);
        }
        tile.data[4 * p + 3] = 255;
      }
      context.putImageData(tile, x0 + (i % cols) * w, y0 + Math.floor(i / cols) * h);
    }
  }

  try {
    if (params.get("seed")) $("seed").value = params.get("seed");
    if (params.get("backend")) await tf.setBackend(params.get("backend"));
    await tf.ready();
    const meta = await (await fetch("model/zoo.json")).json();
    const model = await tf.loadGraphModel("model/tfjs/model.json");
    const [h, w] = meta.image_shape;
    const classes = meta.num_classes || 0;
    $("title").textContent = `zoo: ${meta.model || "generator"}`;
    $("info").textContent = `step ${meta.step ?? "?"} · ${meta.latent_dim}-d ${meta.prior} ` +
        `latents · ${h}x${w} images · TF.js ${tf.version.tfjs}, backend ${tf.getBackend()}`;
    $("kind").textContent = meta.prior === "normal" ? "spherical" : "straight line";
    const grid = $("grid");
    grid.width = COLS * w;
    grid.height = ROWS * h;
    grid.style.width = `${COLS * Math.max(w, 56)}px`;
    const walk = $("walk");
    walk.width = 3 * w;
    walk.height = h;
    walk.style.width = `${3 * Math.max(w, 56) * 1.5}px`;
    const strip = $("strip");
    strip.width = STRIP * w;
    strip.height = h;
    strip.style.width = `${STRIP * Math.max(w, 56)}px`;
    if (classes) {
      $("class-label").hidden = false;
      const mixed = new Option("one per row", "rows");
      $("class").add(mixed);
      for (let k = 0; k < classes; k++) $("class").add(new Option(String(k), String(k)));
    }

    function labelsFor(count) {
      if (!classes) return null;
      const choice = $("class").value;
      return Array.from({length: count}, (_, i) =>
          choice === "rows" ? Math.floor(i / COLS) % classes : Number(choice));
    }

    async function drawGrid() {
      const seed = Number($("seed").value) || 0;
      state.z = ZooGenerator.latents(seed, COLS * ROWS, meta.latent_dim, meta.prior);
      state.labels = labelsFor(state.z.length);
      const images = await ZooGenerator.generate(tf, model, meta, state.z, state.labels);
      paint(grid, images, 0, 0, COLS);
      images.dispose();
      if (params.has("test")) report();
      pick([0, state.z.length - 1]);  // a first walk, corner to corner
      await drawWalk(true);
    }

    function pick(indices) {
      state.picked = indices;
      $("from").textContent = `#${indices[0]}`;
      $("to").textContent = indices[1] === undefined ? "–" : `#${indices[1]}`;
    }

    async function drawStrip() {
      const [a, b] = state.picked;
      const z = Array.from({length: STRIP}, (_, i) =>
          ZooGenerator.interpolate(state.z[a], state.z[b], i / (STRIP - 1), meta.prior));
      const labels = state.labels && z.map(() => state.labels[a]);
      const images = await ZooGenerator.generate(tf, model, meta, z, labels);
      paint(strip, images, 0, 0, STRIP);
      images.dispose();
    }

    async function drawWalk(withStrip) {
      if (state.picked.length < 2) return;
      if (withStrip) await drawStrip();
      const [a, b] = state.picked;
      const t = Number($("t").value);
      $("t-value").textContent = t.toFixed(2);
      const z = [state.z[a], ZooGenerator.interpolate(state.z[a], state.z[b], t, meta.prior),
                 state.z[b]];
      const labels = state.labels && [state.labels[a], state.labels[a], state.labels[b]];
      const images = await ZooGenerator.generate(tf, model, meta, z, labels);
      paint(walk, images, 0, 0, 3);
      images.dispose();
    }

    function report() {
      const pixels = grid.getContext("2d").getImageData(0, 0, grid.width, grid.height).data;
      $("result").textContent = JSON.stringify({
        z: state.z, labels: state.labels, cols: COLS, width: grid.width,
        height: grid.height, red: Array.from(pixels.filter((_, i) => i % 4 === 0)),
        backend: tf.getBackend()});
      document.title = "ready";
    }

    grid.addEventListener("click", (event) => {
      const box = grid.getBoundingClientRect();
      const col = Math.floor((event.clientX - box.left) / box.width * COLS);
      const row = Math.floor((event.clientY - box.top) / box.height * ROWS);
      const index = row * COLS + col;
      pick(state.picked.length >= 2 ? [index] : [...state.picked, index]);
      drawWalk(true);
    });
    $("new").addEventListener("click", () => {
      $("seed").value = String((Number($("seed").value) || 0) + 1);
      drawGrid();
    });
    $("seed").addEventListener("change", drawGrid);
    $("class").addEventListener("change", drawGrid);
    $("t").addEventListener("input", () => drawWalk(false));
    await drawGrid();
  } catch (e) {
    $("status").textContent = `error: ${e.message}`;
    document.title = "error";
  }
})();
