-- article title order: the articles list in title order walks an index of the titles' first 200 characters (PostgreSQL cannot index a title of 4000 bytes whole) instead of sorting the archive
CREATE INDEX articles_title_order ON articles (substr(title, 1, 200), id);
-- SQLite counts a whole table through the index it estimates narrowest, the latest created among equals, and it estimates this one as narrow as articles_published_at, which is far smaller: created again, articles_published_at is the latest and counts the archive.
DROP INDEX articles_published_at;
CREATE INDEX articles_published_at ON articles (published_at, id);
