// Answer Blender never processes images; this stands in for sharp so it is not bundled.
module.exports = function sharp() {
  throw new Error("image processing is not available in Answer Blender");
};
