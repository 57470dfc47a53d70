package state

import (
	"testing"
	"time"
)

func fixed(n int) Jitter { return func() int { return n } }

func TestDelay(t *testing.T) {
	tests := []struct {
		n, jitter int
		want      time.Duration
	}{
		{0, 0, 15 * time.Second},
		{1, 0, 16 * time.Second},
		{1, 29, (1 + 15 + 29*2) * time.Second},
		{2, 10, (16 + 15 + 10*3) * time.Second},
		{10, 0, (10000 + 15) * time.Second},
		{-5, 0, 15 * time.Second},
	}
	for _, tt := range tests {
		if got := Delay(tt.n, fixed(tt.jitter)); got != tt.want {
			t.Errorf("Delay(%d, %d) = %v, want %v", tt.n, tt.jitter, got, tt.want)
		}
	}
}

func TestNextRetryTime(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		n       int
		maxWait time.Duration
		want    time.Duration
	}{
		{"first retry is short", 1, 0, 16 * time.Second},
		{"grows with attempts", 5, 0, (625 + 15) * time.Second},
		{"capped at one hour plus the first delay", 1000, 0, time.Hour + 16*time.Second},
		{"missing on primary caps at four hours", 1000, MissingOnPrimaryMaxRetryWait, 4*time.Hour + 16*time.Second},
		{"below the cap the cap does not matter", 3, MissingOnPrimaryMaxRetryWait, (81 + 15) * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NextRetryTime(now, tt.n, tt.maxWait, fixed(0)).Sub(now)
			if got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNextRetryTimeRandomStaysWithinCap(t *testing.T) {
	now := time.Now()
	for i := 0; i < 200; i++ {
		got := NextRetryTime(now, 32000, 0, nil).Sub(now)
		if got < time.Hour+16*time.Second || got > time.Hour+74*time.Second {
			t.Fatalf("huge retry count waited %v, want within [1h16s, 1h74s]", got)
		}
	}
}
