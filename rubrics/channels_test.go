package rubrics_test

import (
	"testing"

	"github.com/iqa-cli/iqa/rubrics"
	"github.com/iqa-cli/iqa/transcript"
)

// TestChannelsMatchTranscript keeps the rubric's channel names in step with
// the transcript model's (rubrics may not import transcript itself).
func TestChannelsMatchTranscript(t *testing.T) {
	if len(rubrics.Channels) != len(transcript.Channels) {
		t.Fatalf("rubrics.Channels = %v, transcript.Channels = %v", rubrics.Channels, transcript.Channels)
	}
	for i, ch := range transcript.Channels {
		if rubrics.Channels[i] != string(ch) {
			t.Errorf("rubrics.Channels[%d] = %q, want %q", i, rubrics.Channels[i], ch)
		}
	}
}
