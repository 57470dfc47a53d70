package geotest

import "testing"

func TestBulkJobsSuite(t *testing.T) {
	BulkJobs(t, readSuiteConfig())
	BulkJobs(t, repositorySuiteConfig())
}
