-- article title order: the articles list in title order walks an index of the titles' first 200 characters (PostgreSQL cannot index a title of 4000 bytes whole) instead of sorting the archive
CREATE INDEX articles_title_order ON articles (substr(title, 1, 200), id);
