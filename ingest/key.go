package ingest

import "tracuu/vntext"

// key is the matching key of a name (vntext.Key).
var key = vntext.Key
