import pytest

from bot.kb.articles import ArticleError, load_articles, parse_article
from bot.kb.passages import split_passages

GOOD = """---
id: a1
title: Title
lang: es
tags: [x]
---
Intro line.

## First
Step one.

## Second
Step two.
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_parse_and_split_at_headings():
    article = parse_article(GOOD, "a1.md")
    assert (article.id, article.lang, article.tags) == ("a1", "es", ["x"])
    passages = split_passages(article)
    assert [p.heading for p in passages] == ["Title", "First", "Second"]
    assert passages[1].text == "Step one."


@pytest.mark.parametrize("text, message", [
    ("no front matter", "missing YAML front matter"),
    ("---\nid: a\ntitle: t\nlang: es\n", "not closed"),
    ("---\nid: [unclosed\n---\nbody", "not valid YAML"),
    ("---\ntitle: t\nlang: es\n---\nbody", "missing required field 'id'"),
    ("---\nid: a\ntitle: t\nlang: fr\n---\nbody", "lang must be one of"),
    ("---\nid: a\ntitle: t\nlang: es\ntags: x\n---\nbody", "tags must be a list"),
    ("---\nid: a\ntitle: t\nlang: es\n---\n   ", "has no body"),
])
def test_malformed_articles_name_the_file(text, message):
    with pytest.raises(ArticleError, match=message) as info:
        parse_article(text, "folder/bad.md")
    assert str(info.value).startswith("folder/bad.md:")


def test_duplicate_ids_name_both_files(tmp_path):
    write(tmp_path, "one/a.md", GOOD)
    write(tmp_path, "two/b.md", GOOD)
    with pytest.raises(ArticleError, match=r"two/b.md: duplicate id 'a1' \(also in one/a.md\)"):
        load_articles(tmp_path)


def test_unknown_translation_is_reported(tmp_path):
    write(tmp_path, "a.md", GOOD.replace("tags: [x]", "tags: [x]\ntranslation_of: nope"))
    with pytest.raises(ArticleError, match="unknown id 'nope'"):
        load_articles(tmp_path)


def test_long_sections_are_cut_between_paragraphs():
    body = "\n\n".join(f"Paragraph {i} " + "word " * 60 for i in range(10))
    article = parse_article(f"---\nid: long\ntitle: Long\nlang: en\n---\n{body}", "long.md")
    passages = split_passages(article, max_chars=700)
    assert len(passages) > 1
    assert all(len(p.text) <= 700 for p in passages)


def test_the_project_articles_load():
    from bot.settings import Settings

    articles = load_articles(Settings.from_env().kb_articles_dir)
    assert len(articles) >= 60
    assert {a.lang for a in articles} == {"es", "en"}
    ids = {a.id for a in articles}
    for needed in ("reset-password-es", "create-user-es", "supported-databases-es", "support-levels-es"):
        assert needed in ids
