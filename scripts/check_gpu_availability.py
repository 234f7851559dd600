#!/usr/bin/env python3
"""Report the GPUs of this host, one JSON object per line.

Mission Control's fallback for clusters whose SLURM has no GPU GRES configured. The portal pipes this
file to ``python3 -`` over SSH (nothing needs installing on the cluster); it can also be run by hand.

Output, one line per GPU (keys always present, numbers as integers):

    {"host": "gpu01", "index": 0, "name": "NVIDIA RTX A6000", "memory_used_mib": 1024,
     "memory_total_mib": 49140, "utilization_pct": 37}

Exit status: 0 on success (no output lines means no GPU), 2 when nvidia-smi is missing, 3 when it fails
or prints something unreadable; the reason is on stderr.
"""
import json
import shutil
import socket
import subprocess
import sys

QUERY = "index,name,memory.used,memory.total,utilization.gpu"


def to_int(text):
    text = text.strip()
    if text in ("", "[N/A]", "N/A", "[Not Supported]"):
        return 0
    return int(float(text))


def parse(csv_text, host):
    gpus = []
    for line_no, line in enumerate(csv_text.splitlines(), start=1):
        if not line.strip():
            continue
        # the name may contain commas only in theory; split from both ends to be safe
        head, _, rest = line.partition(",")
        fields = rest.rsplit(",", 3)
        if len(fields) != 4:
            raise ValueError("line %d: expected 5 fields: %r" % (line_no, line))
        name, mem_used, mem_total, util = fields
        gpus.append({
            "host": host,
            "index": to_int(head),
            "name": name.strip(),
            "memory_used_mib": to_int(mem_used),
            "memory_total_mib": to_int(mem_total),
            "utilization_pct": to_int(util),
        })
    return gpus


def main():
    smi = shutil.which("nvidia-smi")
    if smi is None:
        print("check_gpu_availability: nvidia-smi not found on PATH of %s; "
              "no NVIDIA driver on this host?" % socket.gethostname(), file=sys.stderr)
        return 2
    try:
        proc = subprocess.run(
            [smi, "--query-gpu=" + QUERY, "--format=csv,noheader,nounits"],
            capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        print("check_gpu_availability: nvidia-smi could not run: %s" % e, file=sys.stderr)
        return 3
    if proc.returncode != 0:
        print("check_gpu_availability: nvidia-smi failed (exit %d): %s"
              % (proc.returncode, (proc.stderr or proc.stdout).strip()), file=sys.stderr)
        return 3
    try:
        gpus = parse(proc.stdout, socket.gethostname())
    except ValueError as e:
        print("check_gpu_availability: unreadable nvidia-smi output: %s" % e, file=sys.stderr)
        return 3
    for gpu in gpus:
        print(json.dumps(gpu, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
