package importers

import (
	"os"
	"path/filepath"
	"testing"
)

func FuzzLiveChat(f *testing.F) {
	seedFromTestdata(f, "livechat")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, LiveChat{}, data) })
}

func FuzzCCAIInsights(f *testing.F) {
	seedFromTestdata(f, "ccai-insights")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, CCAIInsights{}, data) })
}

func FuzzTeams(f *testing.F) {
	seedFromTestdata(f, "teams")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, Teams{}, data) })
}

// slackDay is the name a Slack day file must have to be read as one.
const slackDay = "2026-03-02.json"

// FuzzSlack decodes one day file on its own (Decode), saved under a day
// file's name: under any other name detection refuses it and the decoder
// is never reached (TestSlackFuzzReachesTheDecoder). The group path is
// covered by the folder golden.
func FuzzSlack(f *testing.F) {
	seedFromTestdata(f, "slack-folder/export/acme-support")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecodeNamed(t, Slack{}, slackDay, data) })
}

func TestSlackFuzzReachesTheDecoder(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "importers", "slack-folder", "export", "acme-support", slackDay))
	if err != nil {
		t.Fatal(err)
	}
	if n := checkDecodeNamed(t, Slack{}, slackDay, data); n == 0 {
		t.Errorf("the fuzz target's decode of a fixture day gave no conversation: it never reaches the decoder")
	}
}
