package txn

// FaultHook, when set, is called before every step that changes the disk
// during Apply and Recover, with the step's name ("stage PATH",
// "journal", "mkdir DIR", "aside PATH", "place PATH", "restore PATH",
// "sync", "commit", ...). An error it returns is taken as that step's
// failure. Tests set it to interrupt a transaction at every step in turn:
// a hook that panics, or kills the process, stops it as a crash would,
// with no rollback. Production code never sets it.
var FaultHook func(step string) error

func step(name string) error {
	if FaultHook == nil {
		return nil
	}
	return FaultHook(name)
}
