// Runs a TF.js export in Node with the pure-JavaScript CPU backend (the tfjs npm bundle, no
// native code): reads a JSON request on stdin, writes a JSON answer on stdout.
//   node run_node.js TF_MIN_JS MODEL_DIR < {"meta": {"num_classes": K}, "z": [[...]],
//                                          "labels": [...], "repeat": N}
// Answer: {"images": [flat floats], "shape": [...], "seconds": [one per repeat]}.
"use strict";
const fs = require("fs");
const path = require("path");
const tf = require(path.resolve(process.argv[2]));
const ZooGenerator = require("./generator.js");

function artifacts(dir) {
  const json = JSON.parse(fs.readFileSync(path.join(dir, "model.json"), "utf8"));
  const specs = [];
  const buffers = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const file of group.paths) buffers.push(fs.readFileSync(path.join(dir, file)));
  }
  const all = Buffer.concat(buffers);
  return {
    modelTopology: json.modelTopology, weightSpecs: specs, format: json.format,
    generatedBy: json.generatedBy, convertedBy: json.convertedBy, signature: json.signature,
    userDefinedMetadata: json.userDefinedMetadata,
    weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
  };
}

async function main() {
  await tf.setBackend("cpu");
  const dir = process.argv[3];
  const request = JSON.parse(fs.readFileSync(0, "utf8"));
  const meta = request.meta;
  const model = await tf.loadGraphModel({load: async () => artifacts(dir)});
  const z = model.inputs.find((i) => i.name === "z" || i.name.startsWith("z:"));
  meta.latent_dim = meta.latent_dim || (z ? z.shape[1] : request.z[0].length);
  const seconds = [];
  let images = null;
  for (let i = 0; i < (request.repeat || 1); i++) {
    if (images) images.dispose();
    const start = process.hrtime.bigint();
    images = await ZooGenerator.generate(tf, model, meta, request.z, request.labels);
    await images.data();
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  process.stdout.write(JSON.stringify({images: Array.from(await images.data()),
                                       shape: images.shape, seconds}));
}

main().catch((e) => { process.stderr.write(`error: ${e.message}\n`); process.exit(1); });
