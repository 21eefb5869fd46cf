package vntext

import "time"

// Vietnam is the time zone of Vietnamese dates written without one.
// Asia/Ho_Chi_Minh has been UTC+7 without daylight saving since 1975; a
// fixed zone needs no tzdata and reads an old date the way the importer
// wrote it.
var Vietnam = time.FixedZone("ICT", 7*3600)
