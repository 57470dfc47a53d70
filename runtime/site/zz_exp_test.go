package site_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

func pgTicks() (pg, self int64) {
	ms, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, m := range ms {
		b, err := os.ReadFile(m)
		if err != nil {
			continue
		}
		s := string(b)
		i := strings.LastIndex(s, ")")
		comm := s[strings.Index(s, "(")+1 : i]
		f := strings.Fields(s[i+2:])
		u, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		if comm == "postgres" {
			pg += u + st
		}
		if m == "/proc/"+strconv.Itoa(os.Getpid())+"/stat" {
			self += u + st
		}
	}
	return
}
