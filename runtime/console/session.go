package console

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"sync"
	"time"
)

// Session lifetimes and bounds.
const (
	// SessionIdle is how long a session lives without a request.
	SessionIdle = 12 * time.Hour
	// maxSessions bounds the store: only administrators create sessions,
	// but a script logging in in a loop must not grow it without end. The
	// least recently used session goes first.
	maxSessions = 10_000
)

// session is one logged-in administrator. The token they logged in with
// is not kept: the cookie holds only the random id.
type session struct {
	id       string
	csrf     string // the CSRF token every form of this session carries
	lastSeen time.Time
	flash    string // a message shown once, on the next page
}

// sessions is the server-side session store, in memory: a restart logs
// everyone out, which for an admin console is the safe failure.
type sessions struct {
	mu   sync.Mutex
	byID map[string]*session
	now  func() time.Time
}

func newSessions(now func() time.Time) *sessions {
	return &sessions{byID: map[string]*session{}, now: now}
}

// randomToken returns 32 random bytes, URL-safe base64.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand panics instead)
	return base64.RawURLEncoding.EncodeToString(b)
}

// create starts a session.
func (s *sessions) create() *session {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.pruneLocked(now)
	sess := &session{id: randomToken(), csrf: randomToken(), lastSeen: now}
	s.byID[sess.id] = sess
	return sess
}

// get returns the live session with this id and marks it used; nil when
// there is none or it has been idle too long.
func (s *sessions) get(id string) *session {
	if id == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.byID[id]
	if !ok {
		return nil
	}
	now := s.now()
	if now.Sub(sess.lastSeen) > SessionIdle {
		delete(s.byID, id)
		return nil
	}
	sess.lastSeen = now
	return sess
}

// end forgets the session.
func (s *sessions) end(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.byID, id)
}

// setFlash keeps a message for the session's next page; takeFlash
// returns it once.
func (s *sessions) setFlash(sess *session, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess.flash = msg
}

func (s *sessions) takeFlash(sess *session) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	msg := sess.flash
	sess.flash = ""
	return msg
}

// pruneLocked drops idle sessions and, over the bound, the least recently
// used ones.
func (s *sessions) pruneLocked(now time.Time) {
	for id, sess := range s.byID {
		if now.Sub(sess.lastSeen) > SessionIdle {
			delete(s.byID, id)
		}
	}
	for len(s.byID) >= maxSessions {
		var oldest *session
		for _, sess := range s.byID {
			if oldest == nil || sess.lastSeen.Before(oldest.lastSeen) {
				oldest = sess
			}
		}
		delete(s.byID, oldest.id)
	}
}

// validCSRF compares a submitted token with the session's in constant
// time.
func (sess *session) validCSRF(token string) bool {
	return token != "" && subtle.ConstantTimeCompare([]byte(token), []byte(sess.csrf)) == 1
}
