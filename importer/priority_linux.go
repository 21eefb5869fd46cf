package importer

import (
	"runtime"
	"syscall"
)

// raiseWriter runs the calling goroutine on a thread of its own at nice
// level nice (relative to the process's other threads, which stay where
// they are) until the returned function is called. It does nothing when
// nice is 0 or the system refuses (a negative nice needs CAP_SYS_NICE).
func raiseWriter(nice int) (undo func()) {
	if nice == 0 {
		return func() {}
	}
	runtime.LockOSThread()
	tid := syscall.Gettid()
	if err := syscall.Setpriority(syscall.PRIO_PROCESS, tid, nice); err != nil {
		runtime.UnlockOSThread()
		return func() {}
	}
	return func() {
		syscall.Setpriority(syscall.PRIO_PROCESS, tid, 0)
		runtime.UnlockOSThread()
	}
}
