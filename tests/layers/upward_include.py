"""scripts/check-layers fails on a deliberately added upward include and upward call: a copy of
runtime/src where core/loop.c includes net/net.h and calls aw__net_attach."""
import os
import shutil
import subprocess
import sys
import tempfile

script, source = sys.argv[1], sys.argv[2]
with tempfile.TemporaryDirectory() as scratch:
    tree = os.path.join(scratch, "src")
    shutil.copytree(source, tree)
    loop = os.path.join(tree, "core", "loop.c")
    with open(loop, encoding="utf-8") as f:
        text = f.read()
    with open(loop, "w", encoding="utf-8") as f:
        f.write('#include "net/net.h"\n' + text +
                "\nint upward(aw_loop *loop) { return aw__net_attach(loop, false); }\n")
    run = subprocess.run([sys.executable, script, tree], capture_output=True, text=True)
expected = ["core/loop.c: includes net/net.h: core may not use net",
            "core/loop.c: uses aw__net_attach (net/tcp.c): core may not use net"]
missing = [line for line in expected if line not in run.stderr]
if run.returncode != 1 or missing:
    print(f"exit {run.returncode}, missing {missing}\n{run.stderr}")
    sys.exit(1)
print(run.stderr, end="")
