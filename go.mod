module github.com/iqa-cli/iqa

go 1.26.0

require (
	golang.org/x/net v0.62.0
	golang.org/x/text v0.43.0
	gopkg.in/neurosnap/sentences.v1 v1.0.6
)

require github.com/neurosnap/sentences v1.0.6 // indirect
