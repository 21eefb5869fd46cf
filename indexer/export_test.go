package indexer

// Incomplete is the position a first build writes before its first
// document.
const Incomplete = incomplete
