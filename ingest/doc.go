// Package ingest turns raw news articles into structured records: it reads
// the seed text format and JSON Lines (ReadSeedText, JSONLReader, Walk), and
// extracts the documents, organisations, people, positions, figures and
// reports an article cites, each with the sentence and rune offsets it came
// from (Extract). It knows nothing of the database: the import pipeline
// links and stores what it returns.
package ingest
