"""Test oracle: how real Hydra (1.3) expands multirun sweeps. Test code only, never part of the portal.

Reads JSON from stdin: {"config_dir": "...", "config_name": "train", "cases": [["model=cnn,mlp", ...], ...]}
Writes JSON to stdout: one entry per case, {"tasks": [["model=cnn", ...], ...]} or {"error": "<Hydra's message>"}.
The expansion is BasicSweeper.split_arguments over OverridesParser (with the config loader, for glob).
"""
import json
import sys

from hydra import initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra._internal.core_plugins.basic_sweeper import BasicSweeper


def main():
    request = json.load(sys.stdin)
    out = []
    with initialize_config_dir(config_dir=request["config_dir"], version_base=None):
        loader = GlobalHydra.instance().config_loader()
        parser = OverridesParser.create(config_loader=loader)
        for case in request["cases"]:
            try:
                overrides = parser.parse_overrides(case)
                batches = BasicSweeper.split_arguments(overrides, max_batch_size=None)
                out.append({"tasks": [list(task) for task in batches[0]]})
            except Exception as e:  # Hydra's refusal, as the user would see it
                out.append({"error": f"{type(e).__name__}: {e}"})
    json.dump(out, sys.stdout)


main()
