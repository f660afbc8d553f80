// Answer Blender runs models with onnxruntime-node only; this stands in for onnxruntime-web.
module.exports = { env: { wasm: {}, webgpu: {} }, InferenceSession: undefined, Tensor: undefined };
