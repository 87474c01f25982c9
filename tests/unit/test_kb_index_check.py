"""An index built before the shipped search settings changed is stale (the abstain model is calibrated into it)."""

import json

import pytest

import bot.kb.index as index_module
from bot.kb.index import KBIndexError, check_index


def _manifest(tmp_path, digest):
    (tmp_path / "manifest.json").write_text(json.dumps({
        "format_version": index_module.INDEX_FORMAT, "model": "m", "query_prefix": "", "passage_prefix": "",
        "search_config_sha256": digest}))


def test_an_index_built_with_other_search_settings_is_stale(tmp_path, monkeypatch):
    config = tmp_path / "search_config.json"
    config.write_text('{"abstain_threshold": 0.2}')
    monkeypatch.setattr(index_module, "SEARCH_CONFIG_FILE", config)
    _manifest(tmp_path, index_module.search_config_digest())
    assert check_index(tmp_path, "m", "", "")["model"] == "m"
    config.write_text('{"abstain_threshold": 0.3}')
    with pytest.raises(KBIndexError, match="other search settings"):
        check_index(tmp_path, "m", "", "")
