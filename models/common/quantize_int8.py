"""Dynamic int8 quantisation of an ONNX graph's MatMul weights, with the onnx package only.

Each MatMul whose second input is a constant 2-D float weight W becomes
  DynamicQuantizeLinear(x) -> x_q (uint8), x_scale, x_zero
  MatMulInteger(x_q, W_q (int8, symmetric per tensor), x_zero, 0) -> int32
  Cast(float) * (x_scale * w_scale)
the pattern onnxruntime fuses into its DynamicQuantizeMatMul kernel. (onnxruntime's own
quantize_dynamic writes the same pattern; this module avoids needing its Python package.)

Usage: python3 quantize_int8.py model.onnx model_quantized.onnx
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

EXTERNAL_DATA_BYTES = 1_800_000_000


def quantize_dynamic_int8(src, dst, min_elements=1024):
    model = onnx.load(src)
    graph = model.graph
    inits = {init.name: init for init in graph.initializer}
    quantized_inputs = {}  # activation name -> (x_q, x_scale, x_zero)
    nodes = []
    replaced = set()
    for node in graph.node:
        weight = inits.get(node.input[1]) if node.op_type == "MatMul" and len(node.input) == 2 else None
        w = numpy_helper.to_array(weight) if weight is not None else None
        if w is None or w.ndim != 2 or w.dtype != np.float32 or w.size < min_elements:
            nodes.append(node)
            continue
        x = node.input[0]
        if x not in quantized_inputs:
            names = (x + "_q", x + "_scale", x + "_zero")
            nodes.append(helper.make_node("DynamicQuantizeLinear", [x], list(names), name=x + "_DynamicQuantizeLinear"))
            quantized_inputs[x] = names
        x_q, x_scale, x_zero = quantized_inputs[x]
        scale = max(float(np.abs(w).max()), 1e-8) / 127.0
        w_q = np.clip(np.rint(w / scale), -127, 127).astype(np.int8)
        base = weight.name
        graph.initializer.extend(
            [
                numpy_helper.from_array(w_q, base + "_quantized"),
                numpy_helper.from_array(np.array(scale, dtype=np.float32), base + "_scale"),
                numpy_helper.from_array(np.array(0, dtype=np.int8), base + "_zero_point"),
            ]
        )
        out = node.output[0]
        nodes.extend(
            [
                helper.make_node(
                    "MatMulInteger", [x_q, base + "_quantized", x_zero, base + "_zero_point"], [out + "_int32"], name=out + "_MatMulInteger"
                ),
                helper.make_node("Cast", [out + "_int32"], [out + "_float"], to=TensorProto.FLOAT, name=out + "_Cast"),
                helper.make_node("Mul", [x_scale, base + "_scale"], [out + "_scale"], name=out + "_ScaleMul"),
                helper.make_node("Mul", [out + "_float", out + "_scale"], [out], name=out + "_Mul"),
            ]
        )
        replaced.add(base)
    del graph.node[:]
    graph.node.extend(nodes)
    still_used = {name for n in graph.node for name in n.input}
    keep = [init for init in graph.initializer if init.name not in replaced or init.name in still_used]
    del graph.initializer[:]
    graph.initializer.extend(keep)
    weight_bytes = sum(len(init.raw_data) for init in graph.initializer)
    if weight_bytes <= EXTERNAL_DATA_BYTES:
        onnx.checker.check_model(model)
        onnx.save(model, dst)
    else:
        # Over protobuf's 2 GiB: the weights go to one "<dst>_data" file beside the graph.
        data = dst + "_data"
        if os.path.exists(data):
            os.remove(data)
        onnx.save_model(model, dst, save_as_external_data=True, all_tensors_to_one_file=True, location=os.path.basename(data), size_threshold=1024)
        onnx.checker.check_model(dst)
    return len(replaced)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: quantize_int8.py model.onnx model_quantized.onnx")
    print(f"quantized {quantize_dynamic_int8(sys.argv[1], sys.argv[2])} MatMul weights -> {sys.argv[2]}")
