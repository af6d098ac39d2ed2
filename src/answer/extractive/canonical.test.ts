import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { canonicalList, genericForm, spellName, valueKey } from "./canonical.js";

describe("canonicalList", () => {
  test("lists one thing written several ways once, keeping the first form", () => {
    assert.deepEqual(canonicalList("methods", ["camera traps", "Camera Trap", "camera", "camera-trap", "Cameras"]), [
      "camera traps",
    ]);
  });
  test("turns verb forms of generic steps into nouns", () => {
    assert.deepEqual(canonicalList("tasks", ["classification", "classified", "identify", "Forecasting", "forecast"]), [
      "classification",
      "identification",
      "forecasting",
    ]);
    assert.equal(genericForm("normalised"), "normalisation");
    assert.equal(genericForm("resized"), "resizing");
  });
  test("drops a bare word a longer value contains, and filler beside specific values", () => {
    assert.deepEqual(canonicalList("hardware", ["NVIDIA GPU", "GPU", "Jetson"]), ["NVIDIA GPU", "Jetson"]);
    assert.deepEqual(canonicalList("strategies", ["validation loss", "monitoring"]), ["validation loss"]);
    assert.deepEqual(canonicalList("strategies", ["monitoring"]), ["monitoring"]);
  });
  test("keeps names' spelling and literal values as they are", () => {
    assert.deepEqual(canonicalList("frameworks", ["PyTorch", "Python"]), ["PyTorch", "Python"]);
    assert.deepEqual(canonicalList("percentages", ["70% training", "70% training"]), ["70% training", "70% training"]);
    assert.equal(valueKey("Camera-Traps"), "camera trap");
  });
  test("prefers the plural when a list names a thing in both numbers", () => {
    assert.deepEqual(canonicalList("methods", ["sensor", "Sensors"]), ["sensors"]);
  });
  test("names: the family spelled once, the variant as written, a bare family beside a variant dropped", () => {
    assert.deepEqual(canonicalList("models", ["ResNet", "resnet-50", "ResNet50", "yolov5s", "YOLO", "CNN"]), [
      "ResNet-50",
      "YOLOv5s",
      "CNN",
    ]);
    assert.deepEqual(canonicalList("models", ["ResNet-18", "ResNet-50"]), ["ResNet-18", "ResNet-50"]);
    assert.equal(spellName("frameworks", "Tensorflow (v2.4"), "TensorFlow 2.4");
    assert.equal(spellName("models", "residual networks"), "ResNet");
    assert.deepEqual(canonicalList("frameworks", ["PyTorch", "pytorch 1.12"]), ["PyTorch 1.12"]);
  });
  test("hardware: a bare GPU goes beside a named one, not beside memory", () => {
    assert.deepEqual(canonicalList("hardware", ["GPU", "NVIDIA GeForce RTX 5090"]), ["NVIDIA GeForce RTX 5090"]);
    assert.deepEqual(canonicalList("hardware", ["GPU", "24 GB memory"]), ["GPU", "24 GB memory"]);
  });
});
