"""Test oracle: the config real Hydra (1.3) composes. Test code only, never part of the portal.

Reads JSON from stdin: {"config_dir": "...", "config_name": "train", "cases": [["model=mlp", ...], ...]}
Writes JSON to stdout: per case {"config": {...}} (unresolved: interpolations and ??? kept as text, the hydra node
left out) or {"error": "<Hydra's message>"}.
"""
import json
import math
import sys

from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf


def plain(value):
    # JSON has no inf/nan; name them as Hydra's override syntax does
    if isinstance(value, float) and (math.isinf(value) or math.isnan(value)):
        return {"float": repr(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def main():
    request = json.load(sys.stdin)
    out = []
    with initialize_config_dir(config_dir=request["config_dir"], version_base=None):
        for case in request["cases"]:
            try:
                cfg = compose(config_name=request["config_name"], overrides=case)
                container = OmegaConf.to_container(cfg, resolve=False)
                container.pop("hydra", None)
                out.append({"config": plain(container)})
            except Exception as e:
                out.append({"error": f"{type(e).__name__}: {e}"})
    json.dump(out, sys.stdout)


main()
