// Which files a GenFuser folder needs (transformers.js seq2seq layout, external data of big exports).
import { test } from "node:test";
import assert from "node:assert/strict";
import { externalDataFiles, seq2seqOnnxFiles } from "../../src/core/fuse/engines/genfuser/model-files";

test("fp32 and int8 (q8) graphs use transformers.js's file names", () => {
  assert.deepEqual(seq2seqOnnxFiles("fp32"), ["onnx/encoder_model.onnx", "onnx/decoder_model_merged.onnx"]);
  assert.deepEqual(seq2seqOnnxFiles("q8"), ["onnx/encoder_model_quantized.onnx", "onnx/decoder_model_merged_quantized.onnx"]);
});

test("external data files follow config.json's transformers.js_config.use_external_data_format", () => {
  const onnx = seq2seqOnnxFiles("fp32");
  assert.deepEqual(externalDataFiles({}, onnx), []);
  assert.deepEqual(externalDataFiles({ "transformers.js_config": { use_external_data_format: true } }, onnx), [
    "onnx/encoder_model.onnx_data",
    "onnx/decoder_model_merged.onnx_data",
  ]);
  assert.deepEqual(externalDataFiles({ "transformers.js_config": { use_external_data_format: { "encoder_model.onnx": 2 } } }, onnx), [
    "onnx/encoder_model.onnx_data",
    "onnx/encoder_model.onnx_data_1",
  ]);
  assert.deepEqual(externalDataFiles({ "transformers.js_config": { use_external_data_format: { decoder_model_merged: 1 } } }, seq2seqOnnxFiles("q8")), [
    "onnx/decoder_model_merged_quantized.onnx_data",
  ]);
});
