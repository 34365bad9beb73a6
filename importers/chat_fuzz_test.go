package importers

import "testing"

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

// FuzzSlack decodes one day file on its own (Decode); the group path is
// covered by the folder golden.
func FuzzSlack(f *testing.F) {
	seedFromTestdata(f, "slack-folder/export/acme-support")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, Slack{}, data) })
}
