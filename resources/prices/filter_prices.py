#!/usr/bin/env python3
"""Filter LiteLLM's model_prices_and_context_window.json into Switchyard's prices.json.

Usage:
  filter_prices.py UPSTREAM.json --commit SHA [--date YYYY-MM-DD] [--models models.txt]
                   [--all] [-o prices.json]

Keeps the chat and embedding models of the providers Switchyard has presets for. By default
only the model keys listed in models.txt are kept (a curated selection of popular models);
--all keeps every chat/embedding model of those providers.
"""

import argparse
import datetime
import json
import re
import sys
from pathlib import Path

PROVIDERS = {"openai", "anthropic", "deepseek", "groq", "mistral", "gemini", "xai", "openrouter"}
MODES = {"chat", "embedding"}

# The flat rates we keep, under LiteLLM's own names.
RATES = [
    "input_cost_per_token",
    "output_cost_per_token",
    "cache_read_input_token_cost",
    "cache_creation_input_token_cost",
]
# e.g. input_cost_per_token_above_200k_tokens; "_above_1hr" (cache TTL) and "_priority"
# variants do not match on purpose.
TIER_RE = re.compile(r"^(" + "|".join(RATES) + r")_above_(\d+)([km])_tokens$")


def number(value):
    """LiteLLM writes some token limits as floats (2000000.0)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def convert(entry):
    out = {
        "litellm_provider": entry["litellm_provider"],
        "mode": entry["mode"],
    }
    for rate in RATES:
        if rate in entry:
            out[rate] = entry[rate]
    # DeepSeek-style entries name the cache-read rate differently.
    if "cache_read_input_token_cost" not in out and "input_cost_per_token_cache_hit" in entry:
        out["cache_read_input_token_cost"] = entry["input_cost_per_token_cache_hit"]
    for limit in ("max_input_tokens", "max_output_tokens"):
        if isinstance(entry.get(limit), (int, float)):
            out[limit] = number(entry[limit])

    tiers = {}
    for key, value in entry.items():
        m = TIER_RE.match(key)
        if not m:
            continue
        scale = 1000 if m.group(3) == "k" else 1000000
        threshold = int(m.group(2)) * scale
        tiers.setdefault(threshold, {"threshold_tokens": threshold})[m.group(1)] = value
    if tiers:
        out["tiers"] = [tiers[t] for t in sorted(tiers)]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("upstream", type=Path)
    parser.add_argument("--commit", required=True, help="upstream commit the file was taken from")
    parser.add_argument("--date", default=datetime.date.today().isoformat())
    parser.add_argument("--models", type=Path, default=Path(__file__).with_name("models.txt"))
    parser.add_argument("--all", action="store_true", help="ignore models.txt")
    parser.add_argument("-o", "--output", type=Path, default=Path(__file__).with_name("prices.json"))
    args = parser.parse_args()

    upstream = json.loads(args.upstream.read_text(encoding="utf-8"))
    wanted = None
    if not args.all:
        wanted = [line.strip() for line in args.models.read_text(encoding="utf-8").splitlines()
                  if line.strip() and not line.startswith("#")]

    models = {}
    missing = []
    keys = wanted if wanted is not None else sorted(upstream)
    for key in keys:
        entry = upstream.get(key)
        if not isinstance(entry, dict):
            missing.append(key)
            continue
        if entry.get("litellm_provider") not in PROVIDERS or entry.get("mode") not in MODES:
            if wanted is not None:
                missing.append(key)
            continue
        if "input_cost_per_token" not in entry:
            continue
        models[key] = convert(entry)

    for key in missing:
        print(f"warning: {key} not found upstream (or not a chat/embedding model of a kept "
              f"provider); skipped", file=sys.stderr)

    result = {
        "version": f"litellm-{args.commit[:12]}-{args.date}",
        "source": "https://github.com/BerriAI/litellm/blob/"
                  f"{args.commit}/model_prices_and_context_window.json",
        "license": "MIT, Copyright (c) 2023 Berri AI; see LICENSE-litellm.txt",
        "units": "USD per token",
        "models": dict(sorted(models.items())),
    }
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(models)} models to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
