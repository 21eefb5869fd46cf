-- mention caption: which of the article's photo captions holds a caption mention (0-based; NULL for other fields and for caption mentions stored before, until the article is stored again)
ALTER TABLE mentions ADD COLUMN caption INTEGER;
