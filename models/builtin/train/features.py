"""Answer features for the builtin ranker.

Mirrored exactly by src/core/rank/engines/builtin/features.ts: any change here must be made
there too (the parity test compares both on models/builtin/parity.json). Only ASCII case
folding, explicit character classes and code-point counts are used, so that Python and
JavaScript agree bit for bit on the integer parts and within float rounding elsewhere.
"""
import math
import re

FEATURE_VERSION = 1

# Word tokens: runs of ASCII letters/digits or of Latin/Greek/Cyrillic/... letters; each
# CJK/Hangul character is a token of its own. Everything else separates tokens.
TOKEN_RE = re.compile("[a-z0-9\u00c0-\u024f\u0370-\u1fff]+|[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]")
DIGIT_RE = re.compile("[0-9]")
UPPER_RE = re.compile("[A-Z]")
NONASCII_RE = re.compile("[^\x00-\x7f]")
PUNCT_RE = re.compile("[!-/:-@\\[-`{-~]")
BRACE_RE = re.compile("[{}\\[\\]<>]")
TERMINATOR_RE = re.compile("[.!?]")
BULLET_RE = re.compile("^[-*+\u2022] ")
NUMBERED_RE = re.compile("^[0-9]{1,3}[.)] ")
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
ASCII_ALNUM = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
CLEAN_END = set(".!?)]}\"'`*:;>\u3002\uff01\uff1f\u201d\u2019|")

DENSE_NAMES = [
    "log_chars", "log_words", "log_lines", "log_prompt_chars", "log_len_ratio", "empty", "few_words",
    "bullet_frac", "numbered_frac", "log_headers", "log_fences", "log_bold", "ends_clean", "ends_alnum",
    "uniq_word_ratio", "rep_trigram_frac", "max_line_repeat_frac", "log_max_trigram", "log_refusal",
    "log_apology", "log_ai_self", "log_injection", "prompt_coverage", "answer_in_prompt", "digit_frac",
    "upper_frac", "nonascii_frac", "punct_frac", "mean_word_len", "log_sent_len", "log_qmarks",
    "prompt_codey", "has_fence", "log_paragraphs", "log_urls", "log_exclaim", "log_max_line",
    "prompt_brief", "log_prompt_words", "brace_frac", "colon_line_frac", "oov_frac", "last_oov",
    "short_unfinished",
]


def ascii_lower(s):
    return s.translate(ASCII_LOWER)


def tokens(lower_text):
    return TOKEN_RE.findall(lower_text)


def fnv1a(s):
    """32-bit FNV-1a over the string's code points."""
    h = 0x811C9DC5
    for ch in s:
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def count_phrases(lower_text, phrases):
    return sum(lower_text.count(p) for p in phrases)


def strip_line(line):
    return line.strip(" \t\r")


def _l2(vals):
    """vals: dict index -> value; returns sorted (index, value/norm) pairs."""
    norm = math.sqrt(sum(v * v for v in vals.values()))
    if norm == 0:
        return []
    return [(k, vals[k] / norm) for k in sorted(vals)]


def hashed_bag(keys, size, offset):
    counts = {}
    for k in keys:
        i = fnv1a(k) % size
        counts[i] = counts.get(i, 0) + 1
    return [(offset + i, v) for i, v in _l2({i: math.log1p(c) for i, c in counts.items()})]


class Featurizer:
    def __init__(self, spec):
        self.spec = spec
        self.n_dense = len(DENSE_NAMES)
        self.h_answer = spec["hash"]["answer"]
        self.h_start = spec["hash"]["start"]
        self.h_prompt = spec["hash"]["prompt"]
        self.max_tokens = spec["hash"]["maxTokens"]
        self.start_tokens = spec["hash"]["startTokens"]
        self.dim = self.n_dense + self.h_answer + self.h_start + self.h_prompt
        self.stop = set(spec["stopwords"])
        self.vocab = set(spec.get("vocab", []))
        ph = spec["phrases"]
        self.refusal, self.apology, self.ai_self, self.injection = ph["refusal"], ph["apology"], ph["aiSelf"], ph["injection"]
        self.codey, self.brief = ph["promptCode"], ph["promptBrief"]

    def prompt_info(self, prompt):
        lower = ascii_lower(prompt)
        toks = tokens(lower)
        content = {t for t in toks if len(t) >= 3 and t not in self.stop}
        off = self.n_dense + self.h_answer + self.h_start
        return {
            "nchars": len(prompt),
            "nwords": len(toks),
            "tokset": set(toks),
            "content": content,
            "codey": 1.0 if count_phrases(lower, self.codey) > 0 else 0.0,
            "brief": 1.0 if count_phrases(lower, self.brief) > 0 else 0.0,
            "hashed": hashed_bag(["p" + t for t in toks[: self.max_tokens]], self.h_prompt, off),
        }

    def features(self, pinfo, text):
        """Returns (dense list of floats, sparse list of (index, value)) for one answer."""
        lower = ascii_lower(text)
        toks = tokens(lower)
        nw = len(toks)
        nchars = len(text)
        lines = [strip_line(l) for l in text.split("\n")]
        nonempty = [l for l in lines if l]
        nl = len(nonempty)
        paragraphs = 0
        prev_blank = True
        for l in lines:
            if l and prev_blank:
                paragraphs += 1
            prev_blank = not l
        bullets = sum(1 for l in nonempty if BULLET_RE.match(l))
        numbered = sum(1 for l in nonempty if NUMBERED_RE.match(l))
        headers = sum(1 for l in nonempty if l.startswith("#"))
        colon_lines = sum(1 for l in nonempty if l.endswith(":"))
        max_line = max((len(l) for l in nonempty), default=0)
        line_counts = {}
        for l in nonempty:
            line_counts[l] = line_counts.get(l, 0) + 1
        max_line_rep = (max(line_counts.values()) / nl) if nl >= 2 else 0.0
        stripped = text.rstrip(" \t\r\n")
        last = stripped[-1] if stripped else ""
        ends_clean = 1.0 if last in CLEAN_END else 0.0
        ends_alnum = 1.0 if last and last in ASCII_ALNUM else 0.0
        uniq = len(set(toks)) / nw if nw else 0.0
        tri = {}
        for i in range(nw - 2):
            k = toks[i] + " " + toks[i + 1] + " " + toks[i + 2]
            tri[k] = tri.get(k, 0) + 1
        ntri = max(nw - 2, 0)
        rep_tri = (1.0 - len(tri) / ntri) if ntri else 0.0
        max_tri = max(tri.values(), default=0)
        ans_set = set(toks)
        content = pinfo["content"]
        coverage = (sum(1 for t in content if t in ans_set) / len(content)) if content else 0.0
        ans_content = {t for t in ans_set if len(t) >= 3 and t not in self.stop}
        in_prompt = (sum(1 for t in ans_content if t in pinfo["tokset"]) / len(ans_content)) if ans_content else 0.0
        denom = nchars if nchars else 1
        mean_wl = min(sum(len(t) for t in toks) / nw, 20.0) if nw else 0.0
        fences = lower.count("```")
        ht = toks[: self.max_tokens]
        oov = (sum(1 for t in ht if t not in self.vocab) / len(ht)) if ht else 0.0
        last_oov = 1.0 if ends_alnum and nw and toks[-1] not in self.vocab else 0.0
        dense = [
            math.log1p(nchars),
            math.log1p(nw),
            math.log1p(nl),
            math.log1p(pinfo["nchars"]),
            math.log1p(nchars) - math.log1p(pinfo["nchars"]),
            1.0 if nw == 0 else 0.0,
            1.0 if nw < 5 else 0.0,
            bullets / nl if nl else 0.0,
            numbered / nl if nl else 0.0,
            math.log1p(headers),
            math.log1p(fences),
            math.log1p(lower.count("**")),
            ends_clean,
            ends_alnum,
            uniq,
            rep_tri,
            max_line_rep,
            math.log1p(max_tri),
            math.log1p(count_phrases(lower, self.refusal)),
            math.log1p(count_phrases(lower, self.apology)),
            math.log1p(count_phrases(lower, self.ai_self)),
            math.log1p(count_phrases(lower, self.injection)),
            coverage,
            in_prompt,
            len(DIGIT_RE.findall(text)) / denom,
            len(UPPER_RE.findall(text)) / denom,
            len(NONASCII_RE.findall(text)) / denom,
            len(PUNCT_RE.findall(text)) / denom,
            mean_wl,
            math.log1p(nw / (len(TERMINATOR_RE.findall(text)) + 1)),
            math.log1p(text.count("?")),
            pinfo["codey"],
            1.0 if fences > 0 else 0.0,
            math.log1p(paragraphs),
            math.log1p(lower.count("http://") + lower.count("https://")),
            math.log1p(text.count("!")),
            math.log1p(max_line),
            pinfo["brief"],
            math.log1p(pinfo["nwords"]),
            len(BRACE_RE.findall(text)) / denom,
            colon_lines / nl if nl else 0.0,
            oov,
            last_oov,
            1.0 if nchars <= 40 and nw >= 2 and not ends_clean else 0.0,
        ]
        keys = ["u" + t for t in ht] + ["b" + ht[i] + "_" + ht[i + 1] for i in range(len(ht) - 1)]
        sparse = hashed_bag(keys, self.h_answer, self.n_dense)
        sparse += hashed_bag(["s" + str(i) + t for i, t in enumerate(ht[: self.start_tokens])], self.h_start, self.n_dense + self.h_answer)
        sparse += pinfo["hashed"]
        return dense, sparse
