package generator

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/generator/txn"
	"github.com/geogen/geogen/generator/txn/txntest"
)

// crash is what a fault hook panics with to stop a transaction the way a
// killed process stops: mid-step, with no rollback and no clean-up.
type crash struct{ step string }

// faultScenario is one command's apply: a project on disk (made by
// setup) and the plan the command would carry out on it.
type faultScenario struct {
	name  string
	setup func(p *project)
	plan  func(p *project) *Plan
}

// faultScenarios are the three commands that write, planned through the
// generator's own API as the CLI plans them: new (a type and its
// directories appear), generate (files change in place and appear), and
// remove (files and directories go, an edited file stays).
func faultScenarios() []faultScenario {
	return []faultScenario{
		{
			name:  "new",
			setup: func(p *project) { p.generate(nil, Options{}) },
			plan: func(p *project) *Plan {
				s := p.session()
				defer s.Close() // as the process ends; Apply needs no lock of its own
				np, err := s.PlanNew(NewRequest{
					Entry: manifest.Replicable{Name: "Doohickey", Strategy: manifest.Blob},
					Now:   time.Date(2026, 11, 22, 1, 2, 3, 0, time.UTC),
				})
				if err != nil || np.Refusal() != nil {
					p.t.Fatal(err, np.Refusal())
				}
				return np.Plan
			},
		},
		{
			name: "generate",
			setup: func(p *project) {
				p.generate(nil, Options{})
				p.table = withRender(p.table, "readme", func(_ *Project, t *Type) ([]byte, error) {
					return []byte(Header("x.md") + "v2 " + t.Names.Input + "\n"), nil
				})
				os.Remove(filepath.Join(p.root, "internal/geo/gizmo/model.go")) // recreated
			},
			plan: func(p *project) *Plan {
				s := p.session()
				defer s.Close()
				plan, err := s.PlanGenerate(Options{})
				if err != nil {
					p.t.Fatal(err)
				}
				return plan
			},
		},
		{
			name: "remove",
			setup: func(p *project) {
				p.generate(nil, Options{})
				p.write(cwHooks, p.read(cwHooks)+"// mine\n")
			},
			plan: func(p *project) *Plan {
				s := p.session()
				defer s.Close()
				rp, err := s.PlanRemove("Gizmo", true)
				if err != nil || rp.Refusal() != nil {
					p.t.Fatal(err, rp.Refusal())
				}
				return rp.Plan
			},
		},
	}
}

// session opens the project as a command that writes does.
func (p *project) session() *Session {
	p.t.Helper()
	s, err := Open(p.root, OpenOptions{Write: true, Render: p.render})
	if err != nil {
		p.t.Fatal(err)
	}
	return s
}

func (p *project) render(proj *Project) ([]File, error) { return GenerateProject(proj, p.table) }

// TestApplyIsAllOrNothingAtEveryStep interrupts each command's apply at
// every step that changes the disk, in two ways: a crash (the process
// dies: no rollback, no clean-up) followed by the next command's Open,
// and a failure of that step (the command rolls back itself). A crash
// is also injected at every step of the recovery, and of the rollback,
// that follows. Each time the project must end exactly as before the
// command or exactly as after it, with no staging file anywhere, and
// geogen.yaml must describe the files on disk.
func TestApplyIsAllOrNothingAtEveryStep(t *testing.T) {
	for _, sc := range faultScenarios() {
		t.Run(sc.name, func(t *testing.T) {
			base := newProject(t)
			sc.setup(base)
			before := txntest.Tree(t, base.root)

			// A clean run: the state after, and the steps on the way.
			clean := base.clone()
			var steps []string
			withHook(t, func(s string) error { steps = append(steps, s); return nil }, func() {
				if err := sc.plan(clean).Apply(); err != nil {
					t.Fatal(err)
				}
			})
			after := txntest.Tree(t, clean.root)
			if cmp.Equal(before, after) {
				t.Fatal("the scenario changes nothing")
			}
			commitAt := slices.Index(steps, "journal")
			if commitAt < 0 || !slices.Contains(steps, "commit") {
				t.Fatalf("steps %q lack the journal or the commit", steps)
			}
			expect := func(k int) (string, map[string]string) {
				if k <= commitAt {
					return "before", before
				}
				return "after", after
			}

			for k, s := range steps {
				// A crash at step k, then recovery, itself crashed at each
				// of its steps in turn.
				for r := 0; ; r++ {
					p := base.clone()
					plan := sc.plan(p)
					crashAt(t, k, func() { plan.Apply() })
					done := crashAt(t, r, func() { recoverProject(t, p) })
					if done {
						recoverProject(t, p)
					}
					want, tree := expect(k)
					assertState(t, p, fmt.Sprintf("crash at %q, recovery crashed at its step %d", s, r), want, tree)
					if !done {
						break // recovery ran to its end uncrashed: every point covered
					}
				}

				// A failure at step k: the command undoes it (or, past its
				// last write, ignores it), and a crash during the undo is
				// finished by the next command.
				for r := 0; ; r++ {
					p := base.clone()
					plan := sc.plan(p)
					n := 0
					var crashed bool
					crashedAt := ""
					withHook(t, func(name string) error {
						n++
						switch {
						case n-1 == k:
							return errors.New("injected failure")
						case n-1 > k && n-1-k-1 == r:
							crashedAt = name
							panic(crash{name})
						}
						return nil
					}, func() { crashed = catchCrash(func() { plan.Apply() }) })
					if !crashed && s != "commit" && s != "clean" {
						// The command undid the failure itself.
						if pending, err := txn.Pending(p.root); err != nil || len(pending) > 0 {
							t.Fatalf("failure at %q: staging left by the command itself: %v %v", s, pending, err)
						}
					}
					recoverProject(t, p)
					want, tree := "before", before
					switch {
					case s == "commit" || s == "clean":
						want, tree = "after", after // the project was final: the failure only left clean-up to do
					case k > commitAt && crashedAt == "abort":
						// Died before the decision to undo was on disk: the
						// journal still says commit, so recovery completes.
						want, tree = "after", after
					}
					assertState(t, p, fmt.Sprintf("failure at %q, then crash at step %d", s, r), want, tree)
					if !crashed {
						break
					}
				}
			}
		})
	}
}

// crashAt runs fn with a hook that crashes at the kth step (from 0), and
// reports whether it did.
func crashAt(t *testing.T, k int, fn func()) bool {
	n := 0
	crashed := false
	withHook(t, func(s string) error {
		if n == k {
			panic(crash{s})
		}
		n++
		return nil
	}, func() { crashed = catchCrash(fn) })
	return crashed
}

func catchCrash(fn func()) (crashed bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(crash); !ok {
				panic(r)
			}
			crashed = true
		}
	}()
	fn()
	return false
}

func withHook(t *testing.T, hook func(string) error, fn func()) {
	t.Helper()
	txn.FaultHook = hook
	defer func() { txn.FaultHook = nil }()
	fn()
}

// recoverProject is what the next command does first.
func recoverProject(t *testing.T, p *project) {
	t.Helper()
	s, err := Open(p.root, OpenOptions{Write: true})
	if err != nil {
		t.Fatalf("the next command's Open: %v", err)
	}
	s.Close()
}

func assertState(t *testing.T, p *project, what, want string, tree map[string]string) {
	t.Helper()
	if diff := cmp.Diff(tree, txntest.Tree(t, p.root)); diff != "" {
		t.Fatalf("%s: the project is not as %s (-%s +now):\n%s", what, want, want, diff)
	}
	if pending, err := txn.Pending(p.root); err != nil || len(pending) > 0 {
		t.Fatalf("%s: staging left: %v %v", what, pending, err)
	}
	// geogen.yaml describes the files: every owned file it locks is on
	// disk with the locked bytes.
	for path, e := range p.manifest().Generated {
		if e.Kind == Owned && p.exists(path) && manifest.Hash([]byte(p.read(path))) != e.SHA256 {
			t.Fatalf("%s: %s differs from its lock entry", what, path)
		}
	}
}

// clone copies the project into a new directory.
func (p *project) clone() *project {
	p.t.Helper()
	c := &project{t: p.t, root: p.t.TempDir(), table: p.table}
	txntest.Copy(p.t, p.root, c.root)
	return c
}
