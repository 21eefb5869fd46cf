//  Copyright (c) 2026 Tracuu. Licensed under the Apache License, Version 2.0.

//go:build !linux

package zap

import (
	"io"
	"os"
)

// newWriteBehind is f itself where sync_file_range is missing.
func newWriteBehind(f *os.File, window int64) io.Writer { return f }
