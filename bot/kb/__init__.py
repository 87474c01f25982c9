"""Knowledge base: articles, their index (dense + lexical) and the search the bot answers from."""
