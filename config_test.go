package main

import (
	"bytes"
	"flag"
	"strings"
	"testing"
)

// TestCountsRefusedBelowZero: a negative count given as a flag or in the
// environment is refused with a message that names it (a flag used to fall
// back to the default silently, and -admit-queue -1 meant no queue at all).
func TestCountsRefusedBelowZero(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"-admit", "-1"}, nil, "-admit=-1 is not a count"},
		{[]string{"-admit-queue", "-1"}, nil, "-admit-queue=-1 is not a count"},
		{[]string{"-expensive-slots", "-2"}, nil, "-expensive-slots=-2 is not a count"},
		{nil, map[string]string{"ADMIT": "-1"}, `ADMIT="-1" is not`},
		{nil, map[string]string{"ADMIT_QUEUE": "lots"}, `ADMIT_QUEUE="lots" is not`},
	} {
		for k, v := range tc.env {
			t.Setenv(k, v)
		}
		var out bytes.Buffer
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(&out)
		if _, _, err := loadConfig(tc.args, fs); err == nil {
			t.Errorf("%v %v: accepted", tc.args, tc.env)
		}
		if !strings.Contains(out.String(), tc.want) {
			t.Errorf("%v %v: message %q, want it to say %q", tc.args, tc.env, out.String(), tc.want)
		}
		for k := range tc.env {
			t.Setenv(k, "")
		}
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c, _, err := loadConfig([]string{"-admit", "3", "-admit-queue", "0"}, fs)
	if err != nil || c.Admit != 3 || c.AdmitQueue != 0 {
		t.Errorf("-admit 3 -admit-queue 0: %+v, %v", c, err)
	}
}
