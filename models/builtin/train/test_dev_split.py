"""Tests of the trainer's dev splits and dev comparison (stdlib only: CI runs them without torch).

    python3 -m unittest discover -s models/builtin/train -p "test_*.py"
"""
import json
import os
import tempfile
import unittest

import compare_dev
import data as D
from features import fnv1a

MODELS = ["claude-2", "claude-2_concise", "gemma-2b-it", "oasst-sft-pythia-12b", "vicuna-13b", "alpaca-7b", "alpaca-7b_verbose",
          "phi-2", "minichat-3b", "gpt4_1106_preview", D.BASELINE]
PROMPTS = [f"Question number {i}: explain something." for i in range(40)]
# every fold holds at least two answers of unseen families (claude-2 and its _concise: fold 0, gemma-2b-it and oasst-sft-pythia-12b: 1,
# vicuna-13b and minichat-3b: 2, alpaca-7b and phi-2: 3), so each dev group keeps a pair


def ae_group(prompt):
    n = len(MODELS)
    pairs = [(i, j, 0.8, 1.0) for i in range(n) for j in range(i + 1, n)]
    return D.Group("ae2", prompt, [f"{m} answers {prompt}" for m in MODELS], pairs, list(MODELS))


def plain_group(prompt):
    return D.Group("vicuna", prompt, ["a", "b"], [(0, 1, 0.9, 1.0)])


def fold_of_family(m):
    return fnv1a(D.model_family(m)) % 4


class DevSplitTest(unittest.TestCase):
    def test_baselines_are_never_unseen_models(self):
        for fold in range(4):
            for m in ("gpt4_1106_preview", "text_davinci_003", D.BASELINE):
                self.assertFalse(D.is_dev_model(m, fold))

    def test_families_share_their_fold(self):
        self.assertEqual(D.is_dev_model("claude-2", 0), D.is_dev_model("claude-2_concise", 0))
        self.assertEqual(D.is_dev_model("alpaca-7b", 3), D.is_dev_model("alpaca-7b_verbose", 3))

    def test_cv_folds_cover_every_prompt_once_and_keep_unseen_models_out_of_training(self):
        seen_dev = {}
        for fold in range(4):
            groups = D.split_dev([ae_group(p) for p in PROMPTS] + [plain_group(p) for p in PROMPTS], "cv", fold)
            for g in groups:
                if g.models is None:
                    self.assertEqual(g.dev, D.is_dev(g.prompt, fold))
                    continue
                unseen = {m for m in g.models if m != D.BASELINE and fold_of_family(m) == fold
                          and m not in D.BASELINE_MODELS}
                if g.dev:
                    seen_dev[g.prompt] = seen_dev.get(g.prompt, 0) + 1
                    self.assertEqual(unseen, set(g.models), "a dev group holds only unseen families' answers")
                    self.assertTrue(all(0 <= i < len(g.texts) and 0 <= j < len(g.texts) for i, j, _, _ in g.pairs))
                else:
                    self.assertEqual(unseen, set(), "training never sees an unseen family")
                    self.assertIn(D.BASELINE, g.models)
        self.assertEqual(sorted(seen_dev), sorted(PROMPTS))
        self.assertTrue(all(n == 1 for n in seen_dev.values()), "each prompt is dev in exactly one fold")

    def test_restricted_reindexes_pairs(self):
        g = ae_group(PROMPTS[0]).restricted([m.startswith("claude") for m in MODELS])
        self.assertEqual(g.models, ["claude-2", "claude-2_concise"])
        self.assertEqual(g.pairs, [(0, 1, 0.8, 1.0)])
        self.assertIsNone(ae_group(PROMPTS[0]).restricted([m == "phi-2" for m in MODELS]))

    def test_prompts_mode_keeps_every_answer(self):
        groups = D.split_dev([ae_group(p) for p in PROMPTS], "prompts")
        self.assertTrue(all(len(g.texts) == len(MODELS) for g in groups))
        self.assertEqual({g.prompt for g in groups if g.dev}, {p for p in PROMPTS if D.is_dev(p)})


class CompareDevTest(unittest.TestCase):
    def test_paired_difference_is_clustered_by_prompt(self):
        diff, se = compare_dev.paired_difference(["p", "p", "q", "q"], [1, 0, 1, 1], [1, 1, 1, 0])
        self.assertEqual(diff, 0.0)
        # prompt sums of (d - mean): p = +1, q = -1; sqrt(2/1 * 2) / 4
        self.assertAlmostEqual(se, 0.5)

    def test_compare_pools_folds_and_rejects_different_pairs(self):
        with tempfile.TemporaryDirectory() as d:
            def write(name, fold, prompts, hits):
                with open(os.path.join(d, f"{name}-cv-{fold}.json"), "w", encoding="utf-8") as f:
                    json.dump({"prompts": prompts, "hits": hits}, f)
            write("a", 0, ["x", "y"], [1, 0]); write("b", 0, ["x", "y"], [1, 1])
            write("a", 1, ["z"], [0]); write("b", 1, ["z"], [1])
            write("a-b", 0, ["x", "y"], [0, 0])  # another configuration whose name starts like "a"
            r = compare_dev.compare(compare_dev.load("a", "cv", d), compare_dev.load("b", "cv", d))
            self.assertEqual((r["folds"], r["pairs"], r["prompts"]), (["0", "1"], 3, 3))
            self.assertAlmostEqual(r["a"], 1 / 3)
            self.assertAlmostEqual(r["diff"], 2 / 3)
            write("b", 1, ["w"], [1])
            with self.assertRaises(SystemExit):
                compare_dev.compare(compare_dev.load("a", "cv", d), compare_dev.load("b", "cv", d))


if __name__ == "__main__":
    unittest.main()
