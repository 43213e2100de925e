"""The extract cache: keyed by content hash and by the extractor's own code only."""

from __future__ import annotations

import subprocess
import sys

from tongbi import factstore
from tongbi.settings import get_settings


def test_fingerprint_covers_every_module_the_extractor_loads():
    code = (
        "import sys, tongbi.extract;"
        "print(' '.join(m.split('.')[1] for m in sys.modules if m.startswith('tongbi.')))"
    )
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout.split())  # fmt: skip
    assert loaded <= factstore.extractor_modules()


def test_fingerprint_ignores_modules_outside_the_extractor():
    assert not {"warehouse", "report", "publish", "cli", "synth"} & factstore.extractor_modules()


def test_cached_facts_are_reused_not_rewritten(tmp_path):
    settings = get_settings().with_data_dir(tmp_path)
    text = tmp_path / "t.txt"
    text.write_text("临溪区市场监督管理局2023年工作总结\n新设各类市场主体56152户,同比增长3.52%。", encoding="utf-8")
    first = factstore.extract_document(text, "d1", "ab" * 32, settings)
    stamp = first.stat().st_mtime_ns
    again = factstore.extract_document(text, "d1", "ab" * 32, settings)
    assert again == first and again.stat().st_mtime_ns == stamp
    facts = factstore.read_facts(first)
    assert set(facts["value"].to_list()) >= {56152.0, 3.52}
