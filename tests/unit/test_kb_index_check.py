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


def test_only_the_settings_count_not_their_layout(tmp_path, monkeypatch):
    config = tmp_path / "search_config.json"
    config.write_text('{"abstain_threshold": 0.2, "dense_weight": {"es": 0.1, "en": 0.35}}')
    monkeypatch.setattr(index_module, "SEARCH_CONFIG_FILE", config)
    _manifest(tmp_path, index_module.search_config_digest())
    config.write_text('{\n  "dense_weight": {"en": 0.35, "es": 0.1},\n  "abstain_threshold": 0.2\n}\n')
    assert check_index(tmp_path, "m", "", "")["model"] == "m"


def test_an_unfinished_build_is_refused_until_it_is_marked_finished(tmp_path, monkeypatch):
    monkeypatch.setattr(index_module, "SEARCH_CONFIG_FILE", tmp_path / "absent.json")
    _manifest(tmp_path, None)
    index_module._mark_unfinished(tmp_path)  # a rebuild started: the old manifest no longer vouches
    with pytest.raises(KBIndexError, match="not finished"):
        check_index(tmp_path, "m", "", "")
    assert check_index(tmp_path, "m", "", "", building=True)["model"] == "m"  # the build's own calibration
    index_module._mark_finished(tmp_path)
    assert check_index(tmp_path, "m", "", "")["complete"] is True


def test_an_unreadable_manifest_is_a_clear_refusal(tmp_path):
    (tmp_path / "manifest.json").write_text('{"format_version": 9, "mod')  # a write cut short
    with pytest.raises(KBIndexError, match="unreadable manifest"):
        check_index(tmp_path, "m", "", "")
