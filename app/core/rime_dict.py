# rime_dict.py — reading a Rime dictionary (*.dict.yaml), shared by the
# build-time generators gen-pinyin-table.py and gen-pinyin-candidates.py.
#
# SPDX-License-Identifier: GPL-3.0-or-later


def rows(path):
    """Yields the tab-separated fields of each entry line after the YAML
    header (which ends with a line "..."); comments and blank lines are
    skipped, as are lines with fewer than two fields."""
    in_body = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not in_body:
                in_body = line == "..."
                continue
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) >= 2:
                yield parts
