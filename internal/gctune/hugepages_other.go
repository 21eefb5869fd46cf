//go:build !linux

package gctune

// HugePages does nothing but on Linux.
func HugePages(stop <-chan struct{}) {}
