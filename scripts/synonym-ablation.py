#!/usr/bin/env python3
"""Which questions each synonym group decides.

Removes the groups of corpus/synonyms.toml one at a time, rebuilds a temporary index without
it, runs `mou-bot eval --json` on a question set, and prints the questions the group's removal
loses (a hit becomes a miss, or an off-topic question gets answered) and gains.

    cargo build --release && python3 scripts/synonym-ablation.py [--qa tests/questions.jsonl]
"""
import argparse
import json
import pathlib
import shutil
import subprocess
import tempfile
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def outcomes(binary, corpus, qa):
    """Per question id: True when the answer path gets it right."""
    with tempfile.TemporaryDirectory() as index:
        out = subprocess.run(
            [binary, "--corpus", corpus, "--index", index, "eval", "--qa", qa, "--json"],
            capture_output=True, text=True, check=True,
        ).stdout
    right = {}
    for judged in json.loads(out)["judged"]:
        if judged["category"] == "adversarial":
            continue
        if judged["category"] == "off-topic":
            right[judged["id"]] = not judged["answered"]
        else:
            right[judged["id"]] = judged["answered"] and judged["rank"] == 1
    return right


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--qa", default=str(ROOT / "tests/questions.jsonl"))
    parser.add_argument("--corpus", default=str(ROOT / "corpus"))
    parser.add_argument("--binary", default=str(ROOT / "target/release/mou-bot"))
    args = parser.parse_args()
    corpus = pathlib.Path(args.corpus)
    groups = tomllib.loads((corpus / "synonyms.toml").read_text())["groups"]
    with tempfile.TemporaryDirectory() as work:
        trial = pathlib.Path(work) / "corpus"
        shutil.copytree(corpus, trial)
        base = outcomes(args.binary, trial, args.qa)
        for number, group in enumerate(groups, start=1):
            rest = groups[: number - 1] + groups[number:]
            (trial / "synonyms.toml").write_text(
                "groups = [\n" + "".join(f"  {json.dumps(g)},\n" for g in rest) + "]\n"
            )
            got = outcomes(args.binary, trial, args.qa)
            lost = [q for q in base if base[q] and not got[q]]
            gained = [q for q in base if not base[q] and got[q]]
            print(f"{number:>3} {group[0]!r:<28} lost {lost or '-'}  gained {gained or '-'}")


if __name__ == "__main__":
    main()
