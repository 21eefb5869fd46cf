-- article captions: the photo captions read out of the body, searched and shown
ALTER TABLE articles ADD COLUMN captions TEXT NOT NULL DEFAULT '[]';
