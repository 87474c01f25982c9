"""Loading the embedding model leaves Triton (a GPU compiler) out of the process, and the
vectors are the same as with it: the ~70 MB it costs per process buy nothing on a CPU."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from bot.settings import PROJECT_ROOT

PROBE = """
import json, sys
import numpy as np
import bot.embeddings as embeddings
from bot.settings import Settings
model = embeddings.load_model(Settings.from_env().embedding_model)
vector = embeddings.encode(model, ["¿Cómo exporto mis facturas a DATEV?"])[0]
print(json.dumps({"triton": any(name.split(".")[0] == "triton" and sys.modules[name] is not None
                                for name in sys.modules), "vector": vector[:8].round(5).tolist()}))
"""


def probe(allow_triton: bool) -> dict:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(PROJECT_ROOT),
           "EMBEDDING_ALLOW_TRITON": "1" if allow_triton else "0"}
    output = subprocess.run([sys.executable, "-c", PROBE], env=env, cwd=PROJECT_ROOT, capture_output=True,
                            text=True, check=True, timeout=600).stdout
    return json.loads(output.strip().splitlines()[-1])


def test_the_model_loads_without_triton_and_encodes_the_same():
    without, with_triton = probe(allow_triton=False), probe(allow_triton=True)
    assert with_triton["triton"] is True  # torch does load it when allowed (installed with torch)
    assert without["triton"] is False
    assert without["vector"] == with_triton["vector"]
